package dev.sockloop.autoconfigure.aot;

import java.lang.reflect.Method;
import java.util.Map;

import dev.sockloop.spring.SocketHandler;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Records, ahead of time, the reflection a {@code @SocketHandler} bean needs at run time: its
 * declared methods are looked up (to find the handler and check its shape, generic parameter types
 * included) and the handler is invoked reflectively. Registered in {@code META-INF/spring/aot.factories}.
 */
final class SocketHandlerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
		if (!isSocketHandler(type)) {
			return null;
		}
		return (generationContext, beanRegistrationCode) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			// Declared methods rather than one: a class-level handler is found among them at run
			// time, and the finder's shape check names the others when there are several.
			reflection.registerType(type, MemberCategory.INVOKE_DECLARED_METHODS);
			reflection.registerType(SocketHandler.class);
		};
	}

	private static boolean isSocketHandler(Class<?> type) {
		if (AnnotatedElementUtils.hasAnnotation(type, SocketHandler.class)) {
			return true;
		}
		Map<Method, Boolean> annotated = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils.hasAnnotation(method,
						SocketHandler.class) ? Boolean.TRUE : null);
		return !annotated.isEmpty();
	}

}
