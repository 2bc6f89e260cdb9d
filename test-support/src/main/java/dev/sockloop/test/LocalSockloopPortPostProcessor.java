package dev.sockloop.test;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves {@link LocalSockloopPort @LocalSockloopPort} on fields and setter methods, from the
 * {@code local.sockloop.<name>.port} property. A post-processor rather than a meta-annotated
 * {@code @Value}: {@code @Value}'s expression is fixed, and this one depends on the server's name.
 * The TestContext Framework injects a test instance through the context's post-processors, so
 * test classes get their ports too.
 */
final class LocalSockloopPortPostProcessor implements InstantiationAwareBeanPostProcessor, EnvironmentAware {

	/** The annotated members of each class seen, found once per class rather than once per bean. */
	private final Map<Class<?>, List<Injection>> injections = new ConcurrentHashMap<>();

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public PropertyValues postProcessProperties(PropertyValues properties, Object bean, String beanName) {
		for (Injection injection : this.injections.computeIfAbsent(ClassUtils.getUserClass(bean),
				LocalSockloopPortPostProcessor::findInjections)) {
			injection.inject(bean, beanName, this.environment);
		}
		return properties;
	}

	private static List<Injection> findInjections(Class<?> type) {
		List<Injection> found = new ArrayList<>();
		ReflectionUtils.doWithFields(type, (field) -> {
			LocalSockloopPort port = annotation(field);
			if (port != null && !Modifier.isStatic(field.getModifiers())) {
				found.add(new Injection(port.value(), field, null));
			}
		});
		ReflectionUtils.doWithMethods(type, (method) -> {
			LocalSockloopPort port = annotation(method);
			if (port != null && method.getParameterCount() == 1 && !Modifier.isStatic(method.getModifiers())) {
				found.add(new Injection(port.value(), null, method));
			}
		});
		return found;
	}

	private static LocalSockloopPort annotation(AnnotatedElement element) {
		return AnnotatedElementUtils.findMergedAnnotation(element, LocalSockloopPort.class);
	}

	/** One annotated field or setter. */
	private record Injection(String serverName, Field field, Method method) {

		void inject(Object bean, String beanName, Environment environment) {
			Class<?> type = (this.field != null) ? this.field.getType() : this.method.getParameterTypes()[0];
			String property = "local.sockloop." + this.serverName + ".port";
			Object port = environment.getProperty(property, ClassUtils.resolvePrimitiveIfNecessary(type));
			if (port == null) {
				throw new BeanCreationException(beanName, "@LocalSockloopPort(\"" + this.serverName + "\") on "
						+ ((this.field != null) ? this.field : this.method) + ": no Sockloop server named '"
						+ this.serverName + "' has started (no '" + property
						+ "' property). Check the name, and that the server is not a Unix socket (path set).");
			}
			if (this.field != null) {
				ReflectionUtils.makeAccessible(this.field);
				ReflectionUtils.setField(this.field, bean, port);
			}
			else {
				ReflectionUtils.makeAccessible(this.method);
				ReflectionUtils.invokeMethod(this.method, bean, port);
			}
		}

	}

}
