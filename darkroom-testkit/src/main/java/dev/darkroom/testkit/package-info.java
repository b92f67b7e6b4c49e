/**
 * Test doubles for Darkroom's providers. {@link dev.darkroom.testkit.FakeGemini} is a fake Gemini
 * API server speaking the real wire format; {@link dev.darkroom.testkit.FakeReply} scripts faults;
 * {@link dev.darkroom.testkit.FakeGeminiExtension} wires it into JUnit 5;
 * {@link dev.darkroom.testkit.RecordedResponses} holds trimmed real responses. Parameters and
 * return values are never null unless a method says so.
 */
package dev.darkroom.testkit;
