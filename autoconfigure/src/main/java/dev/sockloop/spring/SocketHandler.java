package dev.sockloop.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * Serves TCP connections with a method: one Sockloop server is started per annotated handler.
 *
 * <p>On a class, the annotation makes the class a component and its one non-private instance
 * method the handler. On a method of any bean, that method is the handler; a bean may declare
 * several.
 *
 * <p>Accepted handler shapes:
 * <ul>
 * <li>a stream handler: parameters, in any order, each optional: the inbound {@code Flux<T>}
 * (frames decoded by the server's codec) and the {@link dev.sockloop.connection.Connection}; return
 * type: a {@code Publisher} ({@code Flux}, {@code Mono}) of {@code R}, whose elements are encoded
 * and written as frames; {@code Mono<Void>}; or {@code void};</li>
 * <li>a request handler, invoked once per inbound frame: one parameter {@code T} (the request) and
 * optionally the {@code Connection}; return type {@code R}, {@code Mono<R>} (answers written in
 * request order, {@code sockloop.servers.<name>.request-concurrency} requests of a connection at
 * once) or {@code void}.</li>
 * </ul>
 * {@code T} and {@code R} are {@code ByteBuffer}, {@code byte[]}, {@code String} (text in the
 * server's charset) or a message type of the application's own, decoded and encoded per frame by
 * the Spring {@code Decoder}/{@code Encoder} for {@code sockloop.servers.<name>.content-type}
 * (Jackson JSON out of the box; see {@link SocketMessageCodecs}). A frame that does not decode
 * closes its connection as a bad frame.
 * The connection is closed once the returned publisher completes and its bytes are written. A
 * {@code void} handler keeps the connection open until the application or the peer closes it.
 * Handlers run on an event loop thread and must not block, unless offloaded: with
 * {@link #scheduler()} or {@code sockloop.servers.<name>.offload} the method is invoked, and its
 * inbound frames delivered, on threads that may block, while the bytes still travel through the
 * event loop.
 *
 * <p>A method of any other shape fails start-up with a message naming it.
 *
 * @see dev.sockloop.autoconfigure.SockloopProperties.Server
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketHandler {

	/**
	 * Name of the server, the {@code <name>} in {@code sockloop.servers.<name>.*}. Defaults to the
	 * bean name for an annotated class and to the method name for an annotated method.
	 * @return the server name
	 */
	String name() default "";

	/**
	 * Port to listen on, used when {@code sockloop.servers.<name>.port} is not set. Placeholders
	 * such as {@code ${echo.port:9000}} are resolved; {@code 0} picks a free port.
	 * @return the port, or an empty string to require the property
	 */
	String port() default "";

	/**
	 * Framing of inbound and outbound bytes. The handler's protocol decides it, so a value given
	 * here wins over {@code sockloop.servers.<name>.codec}.
	 * @return the codec, or {@link Codec#DEFAULT} to take it from the properties
	 */
	Codec codec() default Codec.DEFAULT;

	/**
	 * Name of a {@link reactor.core.scheduler.Scheduler} bean to run the handler on, for handlers
	 * that block: the method is invoked, and the inbound frames delivered, on that scheduler.
	 * Blocking is a property of the handler's code, so a value given here wins over
	 * {@code sockloop.servers.<name>.offload}. The application owns the scheduler and disposes it.
	 * @return the scheduler bean's name, or an empty string to take the offload from the properties
	 */
	String scheduler() default "";

}
