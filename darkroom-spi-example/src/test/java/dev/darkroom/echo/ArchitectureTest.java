package dev.darkroom.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of issue 19, checked on the compiled classes of every module (this module's
 * tests see them all, through the CLI): what module-info.java would enforce, without module-info.
 *
 * <ul>
 *   <li>no internal type in a public signature;</li>
 *   <li>core, history, batch, studio and the CLI never refer to a provider;</li>
 *   <li>no provider refers to another;</li>
 *   <li>{@code dev.darkroom.internal} is used only by core and its friends (the providers shipped with
 *       Darkroom, history, studio, batch, CLI), and a module's own {@code internal} packages only by
 *       that module.</li>
 * </ul>
 */
class ArchitectureTest {
  /** Module name to a class it holds. */
  private static final Map<String, String> ANCHORS = new LinkedHashMap<>();

  static {
    ANCHORS.put("core", "dev.darkroom.Darkroom");
    ANCHORS.put("gemini", "dev.darkroom.gemini.GeminiProvider");
    ANCHORS.put("openai", "dev.darkroom.openai.OpenAiProvider");
    ANCHORS.put("swarmui", "dev.darkroom.swarmui.SwarmUIProvider");
    ANCHORS.put("comfyui", "dev.darkroom.comfyui.ComfyUIProvider");
    ANCHORS.put("a1111", "dev.darkroom.a1111.A1111Provider");
    ANCHORS.put("history", "dev.darkroom.history.History");
    ANCHORS.put("studio", "dev.darkroom.studio.ComparisonRunner");
    ANCHORS.put("batch", "dev.darkroom.batch.BatchRunner");
    ANCHORS.put("cli", "dev.darkroom.cli.DarkroomCli");
    ANCHORS.put("spi-example", "dev.darkroom.echo.EchoProvider");
  }

  private static final List<String> PROVIDER_PACKAGES =
      List.of("dev.darkroom.gemini", "dev.darkroom.openai", "dev.darkroom.comfyui", "dev.darkroom.swarmui",
          "dev.darkroom.a1111", "dev.darkroom.echo");
  private static final Set<String> NOT_PROVIDERS = Set.of("core", "history", "studio", "batch", "cli");
  private static final Set<String> CORE_FRIENDS = Set.of("core", "gemini", "openai", "swarmui", "comfyui", "a1111", "history", "studio",
      "batch", "cli");

  /** Module name to its classes. */
  private static final Map<String, List<String>> MODULES = new LinkedHashMap<>();

  @BeforeAll
  static void scan() throws ClassNotFoundException {
    for (Map.Entry<String, String> e : ANCHORS.entrySet()) {
      List<String> classes = ClassFiles.classesBeside(Class.forName(e.getValue(), false, loader()));
      assertThat(classes).as(e.getKey()).contains(e.getValue());
      MODULES.put(e.getKey(), classes);
    }
  }

  private static ClassLoader loader() {
    return ArchitectureTest.class.getClassLoader();
  }

  private static boolean inPackage(String className, String pkg) {
    return className.startsWith(pkg + ".");
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  private static boolean isInternal(String pkg) {
    return pkg.equals("dev.darkroom.internal") || pkg.startsWith("dev.darkroom.internal.")
        || pkg.contains(".internal.") || pkg.endsWith(".internal");
  }

  private static String moduleOf(String className) {
    for (Map.Entry<String, List<String>> m : MODULES.entrySet()) {
      if (m.getValue().contains(className)) {
        return m.getKey();
      }
    }
    return "?";
  }

  @Test
  void theScannerSeesReferencesButNotStringLiterals() {
    assertThat(ClassFiles.references("dev.darkroom.gemini.GeminiProvider"))
        .contains("dev.darkroom.spi.ImageProvider", "dev.darkroom.gemini.GeminiClient");
    assertThat(ClassFiles.references("dev.darkroom.echo.EchoBatchBackend"))
        .contains("dev.darkroom.spi.BatchBackend$Result", "dev.darkroom.spi.ProviderBatch$Phase")
        .noneMatch(r -> r.contains("echo-batch"));
    assertThat(MODULES.get("core")).contains("dev.darkroom.internal.http.Retrier").doesNotContain("dev.darkroom.echo.EchoProvider");
  }

  @Test
  void noInternalTypeInAPublicSignature() throws ClassNotFoundException {
    List<String> violations = new ArrayList<>();
    for (List<String> classes : MODULES.values()) {
      for (String name : classes) {
        if (isInternal(packageOf(name))) {
          continue;
        }
        Class<?> c = Class.forName(name, false, loader());
        if (!visible(c)) {
          continue;
        }
        List<Type> types = new ArrayList<>();
        if (c.getGenericSuperclass() != null) {
          types.add(c.getGenericSuperclass());
        }
        types.addAll(List.of(c.getGenericInterfaces()));
        check(name, "extends/implements", types, violations);
        for (Field f : c.getDeclaredFields()) {
          if (exposed(f)) {
            check(name, f.getName(), List.of(f.getGenericType()), violations);
          }
        }
        List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
        executables.addAll(List.of(c.getDeclaredMethods()));
        for (Executable x : executables) {
          if (!exposed(x) || x.isSynthetic() || (x instanceof Method m && m.isBridge())) {
            continue;
          }
          List<Type> sig = new ArrayList<>(List.of(x.getGenericParameterTypes()));
          sig.addAll(List.of(x.getGenericExceptionTypes()));
          if (x instanceof Method m) {
            sig.add(m.getGenericReturnType());
          }
          check(name, (x instanceof Constructor ? "<init>" : x.getName()) + "(…)", sig, violations);
        }
      }
    }
    assertThat(violations).as("public members of public API classes whose signature names an internal type").isEmpty();
  }

  /** Whether code outside the package can see the class: public, and so is every class around it. */
  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean exposed(Member m) {
    int mod = m.getModifiers();
    if (Modifier.isProtected(mod) && Modifier.isFinal(m.getDeclaringClass().getModifiers())) {
      return false;
    }
    return Modifier.isPublic(mod) || Modifier.isProtected(mod);
  }

  private static void check(String owner, String member, List<Type> types, List<String> violations) {
    Set<String> found = new TreeSet<>();
    for (Type t : types) {
      collect(t, found, 0);
    }
    for (String type : found) {
      if (type.startsWith("dev.darkroom.") && isInternal(packageOf(type))) {
        violations.add(owner + "." + member + " uses " + type);
      }
    }
  }

  private static void collect(Type t, Set<String> out, int depth) {
    if (depth > 8) {
      return;
    }
    if (t instanceof Class<?> c) {
      Class<?> k = c;
      while (k.isArray()) {
        k = k.getComponentType();
      }
      out.add(k.getName());
    } else if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), out, depth + 1);
      for (Type a : p.getActualTypeArguments()) {
        collect(a, out, depth + 1);
      }
    } else if (t instanceof GenericArrayType g) {
      collect(g.getGenericComponentType(), out, depth + 1);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        collect(b, out, depth + 1);
      }
      for (Type b : w.getLowerBounds()) {
        collect(b, out, depth + 1);
      }
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        collect(b, out, depth + 1);
      }
    }
  }

  /** Every reference from a class of {@code module} to a class whose name starts with one of {@code packages}. */
  private static List<String> references(String module, List<String> packages) {
    List<String> found = new ArrayList<>();
    for (String name : MODULES.get(module)) {
      for (String ref : ClassFiles.references(name)) {
        for (String pkg : packages) {
          if (inPackage(ref, pkg) && !inPackage(name, pkg)) {
            found.add(module + ": " + name + " -> " + ref);
          }
        }
      }
    }
    return found;
  }

  @Test
  void coreHistoryBatchStudioAndCliNeverReferToAProvider() {
    List<String> violations = new ArrayList<>();
    for (String module : NOT_PROVIDERS) {
      violations.addAll(references(module, PROVIDER_PACKAGES));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void noProviderRefersToAnother() {
    List<String> violations = new ArrayList<>();
    for (String module : MODULES.keySet()) {
      if (NOT_PROVIDERS.contains(module)) {
        continue;
      }
      for (String name : MODULES.get(module)) {
        String own = PROVIDER_PACKAGES.stream().filter(p -> inPackage(name, p)).findFirst().orElse(null);
        for (String ref : ClassFiles.references(name)) {
          for (String other : PROVIDER_PACKAGES) {
            if (inPackage(ref, other) && !other.equals(own)) {
              violations.add(module + ": " + name + " -> " + ref);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirFriends() {
    List<String> violations = new ArrayList<>();
    for (String module : MODULES.keySet()) {
      for (String name : MODULES.get(module)) {
        for (String ref : ClassFiles.references(name)) {
          String pkg = packageOf(ref);
          if (!ref.startsWith("dev.darkroom.") || !isInternal(pkg)) {
            continue;
          }
          boolean coreInternal = inPackage(ref, "dev.darkroom.internal");
          String owner = moduleOf(ref);
          boolean allowed = coreInternal ? CORE_FRIENDS.contains(module) : owner.equals(module);
          if (!allowed) {
            violations.add(module + ": " + name + " -> " + ref);
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
