package dev.darkroom.comfyui.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ComfyUI version from {@code /system_stats} → {@code system.comfyui_version} ({@code 0.3.45}), used to gate
 * features: client-chosen prompt ids (0.3.45), targeted interrupt (0.3.57), atomic job cancel (0.26.0).
 * {@link #UNKNOWN} (0.0.0) stands for a server too old to report one, so every gate is closed.
 */
public record ComfyVersion(int major, int minor, int patch) implements Comparable<ComfyVersion> {
  public static final ComfyVersion UNKNOWN = new ComfyVersion(0, 0, 0);
  /** {@code POST /prompt} accepts a client-chosen {@code prompt_id}. */
  public static final ComfyVersion CLIENT_PROMPT_ID = new ComfyVersion(0, 3, 45);
  /** {@code POST /interrupt} accepts {@code {"prompt_id": id}}. */
  public static final ComfyVersion TARGETED_INTERRUPT = new ComfyVersion(0, 3, 57);
  /** {@code POST /api/jobs/{id}/cancel} exists. */
  public static final ComfyVersion JOB_CANCEL = new ComfyVersion(0, 26, 0);

  private static final Pattern P = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?.*");

  /** Parses {@code 0.3.45}, {@code v0.26.1}, {@code 0.33.0-dev}; anything else is {@link #UNKNOWN}. */
  public static ComfyVersion parse(String text) {
    Matcher m = P.matcher(text.trim());
    if (!m.matches()) {
      return UNKNOWN;
    }
    return new ComfyVersion(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public boolean atLeast(ComfyVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ComfyVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
