package dev.sockloop.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Serves UDP datagrams with a method: one Sockloop datagram server is started per annotated
 * handler, configured by {@code sockloop.datagram.<name>.*}.
 *
 * <p>On a class, the annotation makes the class a component and its one non-private instance
 * method the handler. On a method of any bean, that method is the handler.
 *
 * <p>Accepted handler shapes, with {@link dev.sockloop.datagram.Datagram} (payload and sender):
 * <ul>
 * <li>per socket: {@code Publisher<Datagram> handle(Flux<Datagram> datagrams)} (or {@code Flux},
 * {@code Mono}), called once per bound socket, its datagrams sent to their recipients;</li>
 * <li>per datagram: a {@code Datagram} parameter and a return type of {@code Datagram} (sent;
 * {@code null} for no reply), {@code Mono<Datagram>} or {@code Publisher<Datagram>} (replies
 * sent, up to 64 datagrams in progress per socket), or {@code void} / {@code Mono<Void>}
 * (ingestion only). A per-datagram handler that throws is counted, logged at a limited rate, and
 * the next datagram served.</li>
 * </ul>
 * Handlers run on an event loop thread and must not block, unless offloaded with
 * {@link #scheduler()} or {@code sockloop.datagram.<name>.offload}: datagrams are then handed to
 * that scheduler, at most 32 queued per socket.
 *
 * @see dev.sockloop.autoconfigure.SockloopProperties.Datagram
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface DatagramHandler {

	/**
	 * Name of the server, the {@code <name>} in {@code sockloop.datagram.<name>.*}. Defaults to the
	 * bean name for an annotated class and to the method name for an annotated method.
	 * @return the server name
	 */
	String name() default "";

	/**
	 * Port to bind, used when {@code sockloop.datagram.<name>.port} is not set. Placeholders are
	 * resolved; {@code 0} picks a free port.
	 * @return the port, or an empty string to require the property
	 */
	String port() default "";

	/**
	 * Name of a {@link reactor.core.scheduler.Scheduler} bean to run the handler on, for handlers
	 * that block; wins over {@code sockloop.datagram.<name>.offload}.
	 * @return the scheduler bean's name, or an empty string to take the offload from the properties
	 */
	String scheduler() default "";

}
