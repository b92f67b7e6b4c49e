package dev.darkroom.internal.grid;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the cells of one axis start and end, in pixels, with gutters and outer border excluded.
 *
 * <p>A gutter is a run of adjacent line-like lines (see {@link LineProfile}) of nearly one
 * colour with sharp edges (the lines just outside are clearly less uniform or of another
 * colour), {@value #MIN_GUTTER} pixels to a third of a cell wide, whose centre lies within a third of a cell of the
 * boundary an even split would give; among several, the most uniform wins, then the nearest. A
 * border is such a run touching the image edge. If any inner boundary has no gutter, the axis
 * (inside any border) is split evenly instead.
 *
 * @param starts first pixel of each cell, in order
 * @param ends one past the last pixel of each cell
 * @param detected whether a gutter or border shaped the cuts
 */
record AxisCuts(int[] starts, int[] ends, boolean detected) {

  static final int MIN_GUTTER = 2;
  static final float MIN_UNIFORMITY = 0.85f;
  static final float MAX_STEP = 12f;
  static final float MAX_SPREAD = 24f;
  static final float EDGE_UNIFORMITY_DROP = 0.1f;
  static final float EDGE_LEVEL_JUMP = 24f;
  static final float UNIFORMITY_TIE = 0.03f;

  /** Splits a profile's {@code length()} pixels into {@code cells} cells. */
  static AxisCuts split(LineProfile profile, int cells) {
    int length = profile.length();
    List<Run> runs = uniformRuns(profile);
    double nominal = (double) length / cells;
    int first = 0;
    int end = length;
    boolean border = false;
    for (Run run : runs) {
      if (run.width() <= nominal / 3) {
        if (run.start == 0 && run.end < length) {
          first = run.end;
          border = true;
        } else if (run.end == length && run.start > 0) {
          end = run.start;
          border = true;
        }
      }
    }
    if (end - first < cells) {
      first = 0;
      end = length;
      border = false;
    }
    AxisCuts gutters = cells > 1 ? byGutters(runs, first, end, cells) : null;
    return gutters != null ? gutters : even(first, end, cells, border);
  }

  private static AxisCuts byGutters(List<Run> runs, int first, int end, int cells) {
    double cell = (double) (end - first) / cells;
    int[] starts = new int[cells];
    int[] ends = new int[cells];
    starts[0] = first;
    ends[cells - 1] = end;
    for (int k = 1; k < cells; k++) {
      double expected = first + k * cell;
      Run best = null;
      for (Run run : runs) {
        if (run.start > first
            && run.end < end
            && run.width() >= MIN_GUTTER
            && run.width() <= cell / 3
            && Math.abs(run.centre() - expected) <= cell / 3
            && (best == null || run.betterThan(best, expected))) {
          best = run;
        }
      }
      if (best == null) {
        return null;
      }
      ends[k - 1] = best.start;
      starts[k] = best.end;
    }
    for (int k = 0; k < cells; k++) {
      if (ends[k] - starts[k] < cell / 2) {
        return null;
      }
    }
    return new AxisCuts(starts, ends, true);
  }

  private static AxisCuts even(int first, int end, int cells, boolean detected) {
    int[] starts = new int[cells];
    int[] ends = new int[cells];
    long span = end - first;
    for (int k = 0; k < cells; k++) {
      starts[k] = first + (int) (k * span / cells);
      ends[k] = first + (int) ((k + 1) * span / cells);
    }
    return new AxisCuts(starts, ends, detected);
  }

  /** Maximal runs of line-like lines whose colour changes little, in order. */
  private static List<Run> uniformRuns(LineProfile profile) {
    List<Run> runs = new ArrayList<>();
    int length = profile.length();
    int i = 0;
    while (i < length) {
      if (profile.uniformity(i) < MIN_UNIFORMITY) {
        i++;
        continue;
      }
      int start = i;
      float[] min = new float[LineProfile.CHANNELS];
      float[] max = new float[LineProfile.CHANNELS];
      for (int c = 0; c < LineProfile.CHANNELS; c++) {
        min[c] = profile.level(i, c);
        max[c] = min[c];
      }
      i++;
      while (i < length
          && profile.uniformity(i) >= MIN_UNIFORMITY
          && profile.distance(i, i - 1) <= MAX_STEP) {
        for (int c = 0; c < LineProfile.CHANNELS; c++) {
          min[c] = Math.min(min[c], profile.level(i, c));
          max[c] = Math.max(max[c], profile.level(i, c));
        }
        i++;
      }
      float spread = 0;
      for (int c = 0; c < LineProfile.CHANNELS; c++) {
        spread = Math.max(spread, max[c] - min[c]);
      }
      Run run = new Run(start, i, meanUniformity(profile, start, i));
      if (spread <= MAX_SPREAD
          && sharpEdge(profile, start, start - 1, start - 2)
          && sharpEdge(profile, i - 1, i, i + 1)) {
        runs.add(run);
      }
    }
    return runs;
  }

  private static float meanUniformity(LineProfile profile, int start, int end) {
    float sum = 0;
    for (int i = start; i < end; i++) {
      sum += profile.uniformity(i);
    }
    return sum / (end - start);
  }

  /**
   * Whether a run's edge line {@code inside} stands out from the line next to it or the one after,
   * which lets a JPEG-blurred transition line pass. Image edges count as sharp.
   */
  private static boolean sharpEdge(LineProfile profile, int inside, int next, int after) {
    return next < 0
        || next >= profile.length()
        || standsOut(profile, inside, next)
        || (after >= 0 && after < profile.length() && standsOut(profile, inside, after));
  }

  private static boolean standsOut(LineProfile profile, int inside, int outside) {
    return profile.uniformity(outside) < profile.uniformity(inside) - EDGE_UNIFORMITY_DROP
        || profile.distance(outside, inside) > EDGE_LEVEL_JUMP;
  }

  private record Run(int start, int end, float uniformity) {
    boolean betterThan(Run other, double expected) {
      if (Math.abs(uniformity - other.uniformity) > UNIFORMITY_TIE) {
        return uniformity > other.uniformity;
      }
      return Math.abs(centre() - expected) < Math.abs(other.centre() - expected);
    }

    int width() {
      return end - start;
    }

    double centre() {
      return (start + end) / 2.0;
    }
  }
}
