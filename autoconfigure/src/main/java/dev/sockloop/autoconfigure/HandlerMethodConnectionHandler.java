package dev.sockloop.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

import dev.sockloop.autoconfigure.HandlerMethodSignature.Outbound;
import dev.sockloop.codec.FrameException;
import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Serves connections by invoking a {@code @SocketHandler} method: decodes the inbound bytes into the
 * method's frame or message type, encodes what it returns, and closes a connection whose frames
 * break the codec's rules or do not decode. A stream method is invoked once per connection with
 * the inbound {@code Flux}; a request method once per inbound frame.
 *
 * <p>Offloaded to a {@link Scheduler}, the method is invoked there and its inbound frames are
 * delivered there, so it may block; decoding stays on the event loop, and outbound bytes go back
 * through the connection, which any thread may use.
 */
final class HandlerMethodConnectionHandler implements ConnectionHandler {

	/**
	 * Frames an offloaded handler holds at most: the one it works on and one waiting. Each frame can
	 * be a whole read (64 KiB) or {@code max-frame-length}, so the 16 there were let a busy handler
	 * pin about 1 MiB per connection. Two keep throughput reasonable: Reactor asks again once both
	 * have been handed over, so every other frame is read while the handler works on the one
	 * before; a frame that is not costs one hop to the loop and back, tens of microseconds against
	 * a handler offloaded because it blocks for milliseconds. Frames decoded from one read are handed
	 * out on the handler's thread without going back to the loop at all.
	 */
	private static final int OFFLOAD_PREFETCH = 2;

	private final Object bean;

	private final Method method;

	private final HandlerMethodSignature signature;

	private final ServerCodecs codecs;

	private final Scheduler scheduler;

	private final MessageCodec messages;

	private final int requestConcurrency;

	private final RequestObserver requestObserver;

	/**
	 * Creates a handler.
	 * @param bean the bean to invoke the method on
	 * @param method the method, invocable on the bean
	 * @param signature the method's shape
	 * @param codecs the server's codecs
	 * @param scheduler where to invoke the method and deliver its inbound frames, or {@code null}
	 * for the event loop
	 * @param messages the decoder and encoder of the method's message types, or {@code null} if it
	 * takes and returns only bytes and text
	 * @param requestConcurrency for a method invoked per request, how many requests of one
	 * connection it may work on at once
	 * @param requestObserver for a method invoked per request, what happens around each request
	 */
	HandlerMethodConnectionHandler(Object bean, Method method, HandlerMethodSignature signature, ServerCodecs codecs,
			Scheduler scheduler, MessageCodec messages, int requestConcurrency, RequestObserver requestObserver) {
		this.bean = bean;
		this.method = method;
		this.signature = signature;
		this.codecs = codecs;
		this.scheduler = scheduler;
		this.messages = messages;
		this.requestConcurrency = requestConcurrency;
		this.requestObserver = requestObserver;
	}

	@Override
	public Publisher<Void> handle(Connection connection) {
		if (this.scheduler == null) {
			return invoke(connection);
		}
		return Mono.defer(() -> Mono.from(invoke(connection))).subscribeOn(this.scheduler);
	}

	private Publisher<Void> invoke(Connection connection) {
		Sinks.Empty<Void> rejectedFrame = null;
		Flux<?> inbound = null;
		if (this.signature.inboundIndex() >= 0) {
			if (rejectsFrames()) {
				rejectedFrame = Sinks.empty();
			}
			inbound = inbound(connection, rejectedFrame);
		}
		Publisher<Void> handling = this.signature.perRequest() ? requests(connection, inbound)
				: handling(connection, inbound);
		if (rejectedFrame == null) {
			return handling;
		}
		// A bad frame fails the handling, whatever the method did with its inbound (a void method
		// subscribes to it itself): the engine then closes the connection for a bad frame, counts it
		// and warns at a bounded rate, as for any handler that lets a peer's FrameException through.
		return Mono.firstWithSignal(Mono.from(handling), rejectedFrame.asMono());
	}

	private boolean rejectsFrames() {
		return this.codecs.frames().rejectsFrames() || this.signature.inboundIsMessage()
				|| (inboundClass() == String.class && this.codecs.text().rejectsMalformedInput());
	}

	/**
	 * A method invoked once per inbound frame: its answers are written in request order, and the
	 * connection ends once the peer has finished sending and every answer is written. At most
	 * {@code requestConcurrency} requests are in progress, so a peer that pipelines requests without
	 * reading the answers meets the write high-water mark, then the TCP window, not a growing queue.
	 */
	private Publisher<Void> requests(Connection connection, Flux<?> requests) {
		Flux<Object> answers = (this.requestConcurrency == 1)
				? requests.concatMap((request) -> observedAnswer(connection, request), 1)
				: requests.flatMapSequential((request) -> concurrentAnswer(connection, request), this.requestConcurrency,
						1);
		if (this.signature.outbound() != Outbound.FRAMES) {
			return answers.then();
		}
		return connection.send(this.codecs.frames().encode(outboundBuffers(answers)));
	}

	/**
	 * An offloaded method may block, and would then hold up the requests after it on the thread
	 * that delivers them: each call gets a thread of its own from the scheduler instead.
	 */
	private Publisher<Object> concurrentAnswer(Connection connection, Object request) {
		if (this.scheduler == null) {
			return observedAnswer(connection, request);
		}
		return Flux.defer(() -> observedAnswer(connection, request)).subscribeOn(this.scheduler);
	}

	private Publisher<Object> observedAnswer(Connection connection, Object request) {
		if (this.requestObserver == RequestObserver.NONE) {
			return answer(connection, request);
		}
		return this.requestObserver.observe(connection, () -> answer(connection, request));
	}

	private Publisher<Object> answer(Connection connection, Object request) {
		Object[] arguments = new Object[this.signature.parameterCount()];
		arguments[this.signature.inboundIndex()] = request;
		Object result;
		try {
			result = call(connection, arguments);
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
		if (result instanceof Publisher<?> publisher) {
			return Flux.from(publisher);
		}
		return Mono.justOrEmpty(result);
	}

	private Object call(Connection connection, Object[] arguments) throws Throwable {
		if (this.signature.connectionIndex() >= 0) {
			arguments[this.signature.connectionIndex()] = connection;
		}
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private Publisher<Void> handling(Connection connection, Flux<?> inbound) {
		Object[] arguments = new Object[this.signature.parameterCount()];
		if (inbound != null) {
			arguments[this.signature.inboundIndex()] = inbound;
		}
		Object result;
		try {
			result = call(connection, arguments);
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
		if (this.signature.outbound() == Outbound.NONE) {
			return connection.onClose();
		}
		if (result == null) {
			return Mono.error(new IllegalStateException(
					"@SocketHandler method " + HandlerMethodSignature.describe(this.method) + " returned null"));
		}
		if (this.signature.outbound() == Outbound.COMPLETION) {
			return Flux.from((Publisher<?>) result).then();
		}
		return connection.send(this.codecs.frames().encode(outboundBuffers((Publisher<?>) result)));
	}

	private Flux<?> inbound(Connection connection, Sinks.Empty<Void> rejectedFrame) {
		Flux<?> inbound;
		Class<?> type = inboundClass();
		if (type == String.class) {
			// Framed or not: with the raw codec a read may end inside a character, which the text
			// codec then carries over to the next read instead of calling it malformed.
			inbound = this.codecs.text().decode(connection.receive(), this.codecs.frames());
		}
		else {
			Flux<ByteBuffer> frames = this.codecs.frames().decode(connection.receive());
			inbound = (type == byte[].class) ? frames.map(HandlerMethodConnectionHandler::toArray)
					: (type == ByteBuffer.class) ? frames : frames.map(this.messages::decode);
		}
		// A bad frame ends the method's inbound normally rather than with an error: the method did
		// nothing wrong. The frame's error goes to the engine instead, through the handling (see
		// invoke). Where nothing can be rejected (raw bytes, text that replaces bad input) the
		// operator would only cost a signal hop per read.
		if (rejectedFrame != null) {
			inbound = inbound.onErrorResume(FrameException.class, (ex) -> {
				rejectedFrame.tryEmitError(ex);
				return Mono.empty();
			});
		}
		// A small prefetch keeps the frames waiting for a blocked handler few: beyond them the loop
		// stops reading and the peer meets the TCP window.
		return (this.scheduler != null) ? inbound.publishOn(this.scheduler, OFFLOAD_PREFETCH) : inbound;
	}

	@SuppressWarnings("unchecked")
	private Publisher<ByteBuffer> outboundBuffers(Publisher<?> result) {
		if (this.signature.outboundIsMessage()) {
			return Flux.from(result).map(this.messages::encode);
		}
		Class<?> type = this.signature.outboundType().toClass();
		if (type == String.class) {
			return this.codecs.text().encode((Publisher<String>) result);
		}
		if (type == byte[].class) {
			return Flux.from((Publisher<byte[]>) result).map(ByteBuffer::wrap);
		}
		return (Publisher<ByteBuffer>) result;
	}

	private Class<?> inboundClass() {
		return (this.signature.inboundType() != null) ? this.signature.inboundType().toClass() : null;
	}

	private static byte[] toArray(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
