/**
 * Test doubles for Darkroom's providers, speaking the real wire formats. {@link
 * dev.darkroom.testkit.FakeGemini} and {@link dev.darkroom.testkit.FakeOpenAI} fake the cloud APIs
 * ({@link dev.darkroom.testkit.FakeReply} and {@link dev.darkroom.testkit.FakeOpenAiReply} script
 * their faults); {@link dev.darkroom.testkit.FakeComfyUI} fakes a local ComfyUI server, HTTP and
 * WebSocket, with {@link dev.darkroom.testkit.ComfyFault} for its faults. Each has a JUnit 5
 * extension ({@link dev.darkroom.testkit.FakeGeminiExtension}, {@link
 * dev.darkroom.testkit.FakeOpenAIExtension}, {@link dev.darkroom.testkit.FakeComfyUIExtension});
 * {@link dev.darkroom.testkit.RecordedResponses} holds trimmed real responses. Parameters and
 * return values are never null unless a method says so.
 */
package dev.darkroom.testkit;
