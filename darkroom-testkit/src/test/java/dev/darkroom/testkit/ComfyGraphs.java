package dev.darkroom.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** API-format graphs as ComfyUI's UI exports them (shapes from the reference, §1.4–1.6). */
final class ComfyGraphs {
  private ComfyGraphs() {}

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) ComfyHttp.MAPPER.readTree(json.replace('\'', '"'));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checkpoint, empty latent, two text encodes, KSampler, VAE decode, SaveImage. */
  static ObjectNode basic(long seed, int width, int height, int batch) {
    return parse("""
        {'4': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd_xl_base_1.0.safetensors'}},
         '5': {'class_type': 'EmptyLatentImage', 'inputs': {'width': %d, 'height': %d, 'batch_size': %d}},
         '6': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'evening sunset scenery, (glass bottle:1.2)', 'clip': ['4', 1]}},
         '7': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'text, watermark', 'clip': ['4', 1]}},
         '3': {'class_type': 'KSampler', 'inputs': {'seed': %d, 'steps': 25, 'cfg': 7.0,
               'sampler_name': 'euler', 'scheduler': 'normal', 'denoise': 1.0,
               'model': ['4', 0], 'positive': ['6', 0], 'negative': ['7', 0], 'latent_image': ['5', 0]}},
         '8': {'class_type': 'VAEDecode', 'inputs': {'samples': ['3', 0], 'vae': ['4', 2]}},
         '9': {'class_type': 'SaveImage', 'inputs': {'filename_prefix': 'ComfyUI', 'images': ['8', 0]}}}
        """.formatted(width, height, batch, seed));
  }

  /** SDXL base + refiner: two KSamplerAdvanced sharing 25 steps, switching at step 20. */
  static ObjectNode baseAndRefiner() {
    return parse("""
        {'4': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd_xl_base_1.0.safetensors'}},
         '5': {'class_type': 'EmptyLatentImage', 'inputs': {'width': 1024, 'height': 1024, 'batch_size': 1}},
         '6': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'a lighthouse at dawn', 'clip': ['4', 1]}},
         '7': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'blurry', 'clip': ['4', 1]}},
         '10': {'class_type': 'KSamplerAdvanced', 'inputs': {'add_noise': 'enable', 'noise_seed': 721897303308196,
                'steps': 25, 'cfg': 13.0, 'sampler_name': 'euler', 'scheduler': 'normal', 'start_at_step': 0,
                'end_at_step': 20, 'return_with_leftover_noise': 'enable', 'model': ['4', 0],
                'positive': ['6', 0], 'negative': ['7', 0], 'latent_image': ['5', 0]}},
         '12': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd_xl_refiner_1.0.safetensors'}},
         '15': {'class_type': 'CLIPTextEncodeSDXLRefiner', 'inputs': {'ascore': 6.0, 'width': 1024, 'height': 1024,
                'text': 'a lighthouse at dawn', 'clip': ['12', 1]}},
         '16': {'class_type': 'CLIPTextEncodeSDXLRefiner', 'inputs': {'ascore': 2.5, 'width': 1024, 'height': 1024,
                'text': 'blurry', 'clip': ['12', 1]}},
         '11': {'class_type': 'KSamplerAdvanced', 'inputs': {'add_noise': 'disable', 'noise_seed': 0, 'steps': 25,
                'cfg': 13.0, 'sampler_name': 'euler', 'scheduler': 'normal', 'start_at_step': 20,
                'end_at_step': 10000, 'return_with_leftover_noise': 'disable', 'model': ['12', 0],
                'positive': ['15', 0], 'negative': ['16', 0], 'latent_image': ['10', 0]}},
         '17': {'class_type': 'VAEDecode', 'inputs': {'samples': ['11', 0], 'vae': ['12', 2]}},
         '19': {'class_type': 'SaveImage', 'inputs': {'filename_prefix': 'ComfyUI', 'images': ['17', 0]}}}
        """);
  }

  /** Two chained LoraLoaders between the checkpoint and the encoders and sampler. */
  static ObjectNode loraChain() {
    return parse("""
        {'4': {'class_type': 'CheckpointLoaderSimple', 'inputs': {'ckpt_name': 'sd_xl_base_1.0.safetensors'}},
         '11': {'class_type': 'LoraLoader', 'inputs': {'lora_name': 'sd_xl_offset_example-lora_1.0.safetensors',
                'strength_model': 1.0, 'strength_clip': 1.0, 'model': ['4', 0], 'clip': ['4', 1]}},
         '10': {'class_type': 'LoraLoader', 'inputs': {'lora_name': 'wrong.safetensors', 'strength_model': 0.7,
                'strength_clip': 0.7, 'model': ['11', 0], 'clip': ['11', 1]}},
         '5': {'class_type': 'EmptyLatentImage', 'inputs': {'width': 832, 'height': 1216, 'batch_size': 1}},
         '6': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'a cat, embedding:ugly-sonic', 'clip': ['10', 1]}},
         '7': {'class_type': 'CLIPTextEncode', 'inputs': {'text': 'embedding:wrong', 'clip': ['10', 1]}},
         '3': {'class_type': 'KSampler', 'inputs': {'seed': 18446744073709551615, 'steps': 8, 'cfg': 6.5,
               'sampler_name': 'dpmpp_2m', 'scheduler': 'karras', 'denoise': 1.0, 'model': ['10', 0],
               'positive': ['6', 0], 'negative': ['7', 0], 'latent_image': ['5', 0]}},
         '8': {'class_type': 'VAEDecode', 'inputs': {'samples': ['3', 0], 'vae': ['4', 2]}},
         '9': {'class_type': 'SaveImage', 'inputs': {'filename_prefix': 'lora/chain', 'images': ['8', 0]}}}
        """);
  }
}
