package dev.sockloop.autoconfigure.aot;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Hints for the epoll transport in a native image: the classes whose {@code static native}
 * methods JNA binds by direct mapping ({@code Native.register} reads their declared methods and
 * registers them through JNI), JNA's own classes that its dispatch library reaches through JNI, and
 * that library itself, which JNA extracts from the jar at run time. Registered in
 * {@code META-INF/spring/aot.factories}. Untested in a native image (see docs/deployment.md);
 * the NIO transport needs none of this.
 */
final class SockloopRuntimeHints implements RuntimeHintsRegistrar {

	/** The direct-mapped classes: every native call Sockloop makes is declared in one of them. */
	private static final String[] NATIVE_CLASSES = { "dev.sockloop.internal.linux.LibC",
			"dev.sockloop.internal.transport.epoll.EpollNative" };

	/** JNA classes that libjnidispatch looks up and calls back through JNI. */
	private static final String[] JNA_JNI_CLASSES = { "com.sun.jna.Native", "com.sun.jna.Native$ffi_callback",
			"com.sun.jna.Pointer", "com.sun.jna.Structure", "com.sun.jna.Structure$ByValue",
			"com.sun.jna.Structure$FFIType", "com.sun.jna.Structure$FFIType$FFITypes", "com.sun.jna.Callback",
			"com.sun.jna.CallbackReference", "com.sun.jna.CallbackReference$AttachOptions",
			"com.sun.jna.NativeMapped", "com.sun.jna.IntegerType", "com.sun.jna.PointerType", "com.sun.jna.WString",
			"com.sun.jna.LastErrorException", "com.sun.jna.FromNativeConverter", "com.sun.jna.ToNativeConverter",
			"com.sun.jna.NativeLibrary", "com.sun.jna.Platform" };

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		ReflectionHints reflection = hints.reflection();
		ReflectionHints jni = hints.jni();
		for (String name : NATIVE_CLASSES) {
			TypeReference type = TypeReference.of(name);
			reflection.registerType(type, MemberCategory.INVOKE_DECLARED_METHODS);
			jni.registerType(type, MemberCategory.INVOKE_DECLARED_METHODS);
		}
		for (String name : JNA_JNI_CLASSES) {
			TypeReference type = TypeReference.of(name);
			jni.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
					MemberCategory.ACCESS_DECLARED_FIELDS);
			reflection.registerType(type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
		}
		// JNA copies its dispatch library out of the jar, from the folder named for the platform.
		hints.resources().registerPattern("com/sun/jna/linux-x86-64/libjnidispatch.so");
		hints.resources().registerPattern("com/sun/jna/linux-aarch64/libjnidispatch.so");
		hints.resources().registerPattern("com/sun/jna/*.properties");
	}

}
