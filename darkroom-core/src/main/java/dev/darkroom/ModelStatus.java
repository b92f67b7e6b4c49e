package dev.darkroom;

/** Lifecycle of a model as published by its provider. */
public enum ModelStatus {
  /** Preview: may change or disappear at short notice. */
  PREVIEW,
  /** Generally available. */
  GA,
  /** Still served but scheduled for shutdown; using it prints a warning. */
  DEPRECATED,
  /** No longer served; requests are refused before sending. */
  SHUTDOWN
}
