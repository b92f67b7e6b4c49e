/**
 * Darkroom Studio: a local web app over the library and the history. {@link dev.darkroom.studio.web.StudioServer}
 * serves three pages (Generate, History, Compare) and their JSON API on 127.0.0.1 only, with a
 * per-launch token, a Host and Origin check and a strict Content-Security-Policy. API keys stay in the
 * server process; pages only ever see request parameters, events and images the history knows.
 */
@NullMarked
package dev.darkroom.studio.web;

import org.jspecify.annotations.NullMarked;
