package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;

/**
 * One {@code @SocketHandler}, found on a bean: the method that serves one server.
 *
 * @param serverName name of the server
 * @param beanName name of the bean declaring the method
 * @param method the handler method, as declared on the bean's class
 * @param port port given on the annotation, unresolved; empty if none
 * @param codec codec given on the annotation
 * @param scheduler name of the scheduler bean given on the annotation; empty if none
 * @param signature the method's checked shape
 */
record SocketHandlerMethod(String serverName, String beanName, Method method, String port, Codec codec,
		String scheduler, HandlerMethodSignature signature) implements AnnotatedHandlerMethod {

	/** Makes the handler of a found method: a {@link HandlerMethodFinder.Factory}. */
	static SocketHandlerMethod of(String serverName, String beanName, Method method, SocketHandler annotation) {
		if (Modifier.isStatic(method.getModifiers())) {
			throw new IllegalStateException("Invalid @SocketHandler method " + HandlerMethodSignature.describe(method)
					+ ": it must not be static.");
		}
		return new SocketHandlerMethod(serverName, beanName, method, annotation.port(), annotation.codec(),
				annotation.scheduler(), HandlerMethodSignature.of(method));
	}

}
