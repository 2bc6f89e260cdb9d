package dev.sockloop.autoconfigure.endpoint;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.sockloop.autoconfigure.Codec;
import dev.sockloop.autoconfigure.SocketHandler;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The codec of each server, as the auto-configuration chose it: the codec named on its
 * {@link SocketHandler @SocketHandler}, else {@code sockloop.servers.<name>.codec}, else
 * {@code sockloop.defaults.codec}, else raw. Resolved once per server name.
 */
final class ServerCodecNames implements Function<String, String> {

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	private final Map<String, String> resolved = new ConcurrentHashMap<>();

	ServerCodecNames(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	@Override
	public String apply(String serverName) {
		return this.resolved.computeIfAbsent(serverName, this::resolve);
	}

	private String resolve(String serverName) {
		Codec codec = annotatedCodec(serverName);
		if (codec == null || codec == Codec.DEFAULT) {
			Binder binder = Binder.get(this.environment);
			codec = binder.bind("sockloop.servers." + serverName + ".codec", Codec.class)
				.orElseGet(() -> binder.bind("sockloop.defaults.codec", Codec.class).orElse(Codec.RAW));
		}
		return codec.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private Codec annotatedCodec(String serverName) {
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type == null) {
				continue;
			}
			type = ClassUtils.getUserClass(type);
			SocketHandler onClass = AnnotatedElementUtils.findMergedAnnotation(type, SocketHandler.class);
			if (onClass != null) {
				String name = StringUtils.hasText(onClass.name()) ? onClass.name() : beanName;
				if (name.equals(serverName)) {
					return onClass.codec();
				}
				continue;
			}
			for (var entry : MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<SocketHandler>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, SocketHandler.class))
				.entrySet()) {
				SocketHandler annotation = entry.getValue();
				String name = StringUtils.hasText(annotation.name()) ? annotation.name() : entry.getKey().getName();
				if (name.equals(serverName)) {
					return annotation.codec();
				}
			}
		}
		return null;
	}

}
