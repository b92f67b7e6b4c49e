package dev.darkroom.echo;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads compiled classes for the architecture rules: the classes of a module (its
 * {@code target/classes} directory or jar) and, from each class file's constant pool, the classes it
 * refers to (class entries and the types in descriptors and signatures; string literals are not
 * references).
 */
final class ClassFiles {
  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");

  private ClassFiles() {}

  /** Binary names of the classes in the code source that holds {@code anchor}. */
  static List<String> classesBeside(Class<?> anchor) {
    Path location;
    try {
      location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> names = new ArrayList<>();
    try {
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.walk(location)) {
          files.filter(p -> p.toString().endsWith(".class")).forEach(p ->
              names.add(binaryName(location.relativize(p).toString().replace('\\', '/'))));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            String n = entries.nextElement().getName();
            if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
              names.add(binaryName(n));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    names.removeIf(n -> n.endsWith("module-info") || n.endsWith("package-info"));
    names.sort(null);
    return names;
  }

  private static String binaryName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }

  /** The classes (binary names, dotted) that the class file of {@code className} refers to. */
  static Set<String> references(String className) {
    String resource = className.replace('.', '/') + ".class";
    try (InputStream raw = ClassFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("no class file for " + className);
      }
      return parse(new DataInputStream(raw));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> parse(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    Map<Integer, String> utf8 = new HashMap<>();
    Set<Integer> classNames = new HashSet<>();
    Set<Integer> literals = new HashSet<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8.put(i, in.readUTF());
        case 7 -> classNames.add(in.readUnsignedShort());
        case 8 -> literals.add(in.readUnsignedShort());
        case 16, 19, 20 -> in.readUnsignedShort(); // MethodType, Module, Package
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> refs = new TreeSet<>();
    for (int idx : classNames) {
      String name = utf8.get(idx);
      if (name.startsWith("[")) {
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(name);
        while (m.find()) {
          refs.add(m.group(1).replace('/', '.'));
        }
      } else {
        refs.add(name.replace('/', '.'));
      }
    }
    for (Map.Entry<Integer, String> e : utf8.entrySet()) {
      if (literals.contains(e.getKey()) || classNames.contains(e.getKey())) {
        continue;
      }
      Matcher m = TYPE_IN_DESCRIPTOR.matcher(e.getValue());
      while (m.find()) {
        refs.add(m.group(1).replace('/', '.'));
      }
    }
    return refs;
  }
}
