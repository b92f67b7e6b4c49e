/**
 * The provider SPI: what an image-generation backend implements to plug into Darkroom.
 *
 * <p>A provider is a {@link dev.darkroom.spi.ImageProvider} found with {@link java.util.ServiceLoader}
 * (a {@code META-INF/services/dev.darkroom.spi.ImageProvider} line in its jar), usually in a Maven
 * module of its own. Darkroom discovers providers lazily, the first time a model, an option or a
 * batch needs one, and opens one {@link dev.darkroom.spi.ProviderClient} per provider per client.
 */
@NullMarked
package dev.darkroom.spi;

import org.jspecify.annotations.NullMarked;
