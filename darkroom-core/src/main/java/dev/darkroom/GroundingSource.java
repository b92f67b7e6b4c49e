package dev.darkroom;

/**
 * A web page the model consulted through Google Search grounding.
 *
 * @param uri the page (often a Google redirect URL)
 * @param title the page or site title
 */
public record GroundingSource(String uri, String title) {}
