package dev.sockloop.autoconfigure.aot;

import java.nio.ByteBuffer;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ahead-of-time processing records for a native image: the {@code @SocketHandler} methods,
 * called by reflection, and JNA's direct mapping of the native calls. Proved through the same
 * entry points as {@code spring-boot:process-aot}: {@code aot.factories} and the context's AOT
 * generator.
 */
class SockloopAotTests {

	@Test
	void processingAContextAheadOfTimeRecordsReflectionOnItsSocketHandlerMethods() {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("classHandler", ClassLevelHandler.class);
		context.registerBean("methodHandlers", MethodLevelHandlers.class);
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new org.springframework.aot.generate.ClassNameGenerator(
						org.springframework.javapoet.ClassName.get(SockloopAotTests.class)),
				new InMemoryGeneratedFiles());
		new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ClassLevelHandler.class, "handle"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(MethodLevelHandlers.class, "echo"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(MethodLevelHandlers.class, "upper"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NotAHandler.class, "handle"))
			.rejects(hints);
	}

	@Test
	void runtimeHintsRegistrarsRecordJnaDirectMappingAndItsNativeLibrary() {
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		for (String nativeClass : new String[] { "dev.sockloop.internal.linux.LibC",
				"dev.sockloop.internal.transport.epoll.EpollNative" }) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(TypeReference.of(nativeClass))
				.withMemberCategories(MemberCategory.INVOKE_DECLARED_METHODS)).as(nativeClass).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("com/sun/jna/linux-x86-64/libjnidispatch.so"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("com/sun/jna/linux-aarch64/libjnidispatch.so"))
			.accepts(hints);
		assertThat(hints.jni().getTypeHint(TypeReference.of("com.sun.jna.Native"))).as("JNI hint on JNA's Native")
			.isNotNull();
	}

	@SocketHandler(name = "whole")
	static class ClassLevelHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	static class MethodLevelHandlers {

		@SocketHandler(name = "echo")
		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

		@SocketHandler(name = "upper")
		Flux<ByteBuffer> upper(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	static class NotAHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
