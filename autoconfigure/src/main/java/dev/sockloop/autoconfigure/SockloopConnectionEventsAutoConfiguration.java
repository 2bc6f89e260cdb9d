package dev.sockloop.autoconfigure;

import dev.sockloop.spring.SocketServerCustomizer;
import dev.sockloop.transport.EventLoopGroup;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for application events about Sockloop
 * connections ({@code SocketConnectionOpenedEvent}, {@code SocketConnectionClosedEvent}), opt-in
 * with {@code sockloop.events.connections=true}.
 */
@AutoConfiguration(after = SockloopAutoConfiguration.class)
@ConditionalOnClass(EventLoopGroup.class)
@ConditionalOnBooleanProperty(name = "sockloop.events.connections")
public final class SockloopConnectionEventsAutoConfiguration {

	@Bean
	ConnectionEventPublisher sockloopConnectionEventPublisher(ApplicationEventPublisher publisher) {
		return new ConnectionEventPublisher(publisher, ConnectionEventPublisher.QUEUE_CAPACITY);
	}

	/**
	 * Has every server tell the publisher of its connections.
	 * @param publisher the publisher
	 * @return the customizer
	 */
	@Bean
	SocketServerCustomizer sockloopConnectionEventsCustomizer(ConnectionEventPublisher publisher) {
		return (name, builder) -> builder.listener(publisher);
	}

}
