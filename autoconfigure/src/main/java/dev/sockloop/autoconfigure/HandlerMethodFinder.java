package dev.sockloop.autoconfigure;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.sockloop.spring.DatagramHandler;
import dev.sockloop.spring.SocketHandler;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the classes and methods carrying one handler annotation ({@code @SocketHandler} or
 * {@code @DatagramHandler}) among a bean factory's singletons and checks their shapes.
 * <p>
 * The search, the naming rules (the annotation's name, else the bean's name for an annotated class,
 * else the method's name) and the start-up errors are the same for every annotation; what differs
 * is how a found method becomes a handler, given to the constructor.
 *
 * @param <A> the annotation
 * @param <H> the handler found
 */
final class HandlerMethodFinder<A extends Annotation, H extends AnnotatedHandlerMethod> {

	private final ConfigurableListableBeanFactory beanFactory;

	private final Class<A> annotationType;

	private final Function<A, String> nameOf;

	private final Factory<A, H> factory;

	private final String acceptedShapes;

	private final boolean listsCandidates;

	private HandlerMethodFinder(ConfigurableListableBeanFactory beanFactory, Class<A> annotationType,
			Function<A, String> nameOf, Factory<A, H> factory, String acceptedShapes, boolean listsCandidates) {
		this.beanFactory = beanFactory;
		this.annotationType = annotationType;
		this.nameOf = nameOf;
		this.factory = factory;
		this.acceptedShapes = acceptedShapes;
		this.listsCandidates = listsCandidates;
	}

	/** A finder of the {@code @SocketHandler} classes and methods of a bean factory. */
	static HandlerMethodFinder<SocketHandler, SocketHandlerMethod> socketHandlers(
			ConfigurableListableBeanFactory beanFactory) {
		return new HandlerMethodFinder<>(beanFactory, SocketHandler.class, SocketHandler::name,
				SocketHandlerMethod::of, HandlerMethodSignature.ACCEPTED_SHAPES, true);
	}

	/** A finder of the {@code @DatagramHandler} classes and methods of a bean factory. */
	static HandlerMethodFinder<DatagramHandler, DatagramHandlerMethod> datagramHandlers(
			ConfigurableListableBeanFactory beanFactory) {
		// Its start-up error for a class with several candidate methods has always given only their
		// count; kept so, as this class only shares the code.
		return new HandlerMethodFinder<>(beanFactory, DatagramHandler.class, DatagramHandler::name,
				DatagramHandlerMethod::of, DatagramHandlerMethod.ACCEPTED_SHAPES, false);
	}

	/**
	 * Finds every handler.
	 * @return the handlers, by server name, in bean registration order
	 * @throws IllegalStateException if a handler has an invalid shape or two share a name
	 */
	Map<String, H> find() {
		Map<String, H> handlers = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, true)) {
			Class<?> type = this.beanFactory.getType(beanName);
			if (type == null) {
				continue;
			}
			for (H handler : find(beanName, ClassUtils.getUserClass(type))) {
				H existing = handlers.putIfAbsent(handler.serverName(), handler);
				if (existing != null) {
					throw new IllegalStateException("Two " + annotation() + " handlers are named '"
							+ handler.serverName() + "': " + existing.description() + " and "
							+ handler.description() + ". Give one of them another name.");
				}
			}
		}
		return handlers;
	}

	private List<H> find(String beanName, Class<?> type) {
		Map<Method, A> annotatedMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<A>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, this.annotationType));
		A onClass = AnnotatedElementUtils.findMergedAnnotation(type, this.annotationType);
		List<H> found = new ArrayList<>();
		if (onClass != null) {
			if (!annotatedMethods.isEmpty()) {
				throw new IllegalStateException(annotation() + " class " + type.getName() + " also has "
						+ annotation() + " methods; annotate either the class or its methods.");
			}
			String name = StringUtils.hasText(this.nameOf.apply(onClass)) ? this.nameOf.apply(onClass) : beanName;
			found.add(this.factory.handler(name, beanName, soleHandlerMethod(type), onClass));
		}
		annotatedMethods.forEach((method, annotation) -> {
			String name = StringUtils.hasText(this.nameOf.apply(annotation)) ? this.nameOf.apply(annotation)
					: method.getName();
			found.add(this.factory.handler(name, beanName, method, annotation));
		});
		return found;
	}

	private Method soleHandlerMethod(Class<?> type) {
		List<Method> candidates = new ArrayList<>();
		ReflectionUtils.doWithLocalMethods(type, (method) -> {
			int modifiers = method.getModifiers();
			if (!Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers) && !method.isSynthetic()
					&& !method.isBridge()) {
				candidates.add(method);
			}
		});
		if (candidates.size() != 1) {
			String listed = (!this.listsCandidates || candidates.isEmpty()) ? ""
					: ": " + candidates.stream().map(HandlerMethodSignature::describe).toList();
			throw new IllegalStateException(annotation() + " class " + type.getName()
					+ " must declare exactly one non-private instance method, the handler, but declares "
					+ candidates.size() + listed + ". Annotate the handler method instead of the class. "
					+ this.acceptedShapes);
		}
		return candidates.get(0);
	}

	private String annotation() {
		return "@" + this.annotationType.getSimpleName();
	}

	/** Makes a handler of a found method, checking its shape (or throwing IllegalStateException). */
	@FunctionalInterface
	interface Factory<A extends Annotation, H> {

		H handler(String serverName, String beanName, Method method, A annotation);

	}

}
