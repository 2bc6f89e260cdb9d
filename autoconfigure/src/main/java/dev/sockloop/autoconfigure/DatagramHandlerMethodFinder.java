package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sockloop.spring.DatagramHandler;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@code @DatagramHandler} classes and methods among a bean factory's singletons and
 * checks their shapes.
 */
final class DatagramHandlerMethodFinder {

	private final ConfigurableListableBeanFactory beanFactory;

	DatagramHandlerMethodFinder(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Finds every handler.
	 * @return the handlers, by server name, in bean registration order
	 * @throws IllegalStateException if a handler has an invalid shape or two share a name
	 */
	Map<String, DatagramHandlerMethod> find() {
		Map<String, DatagramHandlerMethod> handlers = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, true)) {
			Class<?> type = this.beanFactory.getType(beanName);
			if (type == null) {
				continue;
			}
			for (DatagramHandlerMethod handler : find(beanName, ClassUtils.getUserClass(type))) {
				DatagramHandlerMethod existing = handlers.putIfAbsent(handler.serverName(), handler);
				if (existing != null) {
					throw new IllegalStateException("Two @DatagramHandler handlers are named '" + handler.serverName()
							+ "': " + existing.description() + " and " + handler.description()
							+ ". Give one of them another name.");
				}
			}
		}
		return handlers;
	}

	private List<DatagramHandlerMethod> find(String beanName, Class<?> type) {
		Map<Method, DatagramHandler> annotatedMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<DatagramHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, DatagramHandler.class));
		DatagramHandler onClass = AnnotatedElementUtils.findMergedAnnotation(type, DatagramHandler.class);
		List<DatagramHandlerMethod> found = new ArrayList<>();
		if (onClass != null) {
			if (!annotatedMethods.isEmpty()) {
				throw new IllegalStateException("@DatagramHandler class " + type.getName()
						+ " also has @DatagramHandler methods; annotate either the class or its methods.");
			}
			String name = StringUtils.hasText(onClass.name()) ? onClass.name() : beanName;
			found.add(handler(name, beanName, soleHandlerMethod(type), onClass));
		}
		annotatedMethods.forEach((method, annotation) -> {
			String name = StringUtils.hasText(annotation.name()) ? annotation.name() : method.getName();
			found.add(handler(name, beanName, method, annotation));
		});
		return found;
	}

	private static DatagramHandlerMethod handler(String name, String beanName, Method method,
			DatagramHandler annotation) {
		return new DatagramHandlerMethod(name, beanName, method, annotation.port(), annotation.scheduler(),
				DatagramHandlerMethod.shapeOf(method));
	}

	private static Method soleHandlerMethod(Class<?> type) {
		List<Method> candidates = new ArrayList<>();
		ReflectionUtils.doWithLocalMethods(type, (method) -> {
			int modifiers = method.getModifiers();
			if (!Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers) && !method.isSynthetic()
					&& !method.isBridge()) {
				candidates.add(method);
			}
		});
		if (candidates.size() != 1) {
			throw new IllegalStateException("@DatagramHandler class " + type.getName()
					+ " must declare exactly one non-private instance method, the handler, but declares "
					+ candidates.size() + ". Annotate the handler method instead of the class. "
					+ DatagramHandlerMethod.ACCEPTED_SHAPES);
		}
		return candidates.get(0);
	}

}
