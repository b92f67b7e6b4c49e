/** Implementation of the fake servers; not API, may change without notice. */
package dev.darkroom.testkit.internal;
