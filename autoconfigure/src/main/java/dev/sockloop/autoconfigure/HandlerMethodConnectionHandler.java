package dev.sockloop.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

import dev.sockloop.autoconfigure.HandlerMethodSignature.Outbound;
import dev.sockloop.codec.FrameException;
import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Serves connections by invoking a {@code @SocketHandler} method: decodes the inbound bytes into the
 * method's frame type, encodes what it returns, and closes a connection whose frames break the
 * codec's rules.
 *
 * <p>Offloaded to a {@link Scheduler}, the method is invoked there and its inbound frames are
 * delivered there, so it may block; decoding stays on the event loop, and outbound bytes go back
 * through the connection, which any thread may use.
 */
final class HandlerMethodConnectionHandler implements ConnectionHandler {

	private static final Logger logger = LoggerFactory.getLogger(HandlerMethodConnectionHandler.class);

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

	private final String serverName;

	private final Object bean;

	private final Method method;

	private final HandlerMethodSignature signature;

	private final ServerCodecs codecs;

	private final Supplier<ServerStats> stats;

	private final Scheduler scheduler;

	/** A bad frame is the peer's doing: a connect and a few bytes must not buy a log line each. */
	private final RateLimitedLog badFrameLog = new RateLimitedLog(logger);

	/**
	 * Creates a handler.
	 * @param serverName the server's name, for logs
	 * @param bean the bean to invoke the method on
	 * @param method the method, invocable on the bean
	 * @param signature the method's shape
	 * @param codecs the server's codecs
	 * @param stats the server's stats, available once it has started
	 * @param scheduler where to invoke the method and deliver its inbound frames, or {@code null}
	 * for the event loop
	 */
	HandlerMethodConnectionHandler(String serverName, Object bean, Method method, HandlerMethodSignature signature,
			ServerCodecs codecs, Supplier<ServerStats> stats, Scheduler scheduler) {
		this.serverName = serverName;
		this.bean = bean;
		this.method = method;
		this.signature = signature;
		this.codecs = codecs;
		this.stats = stats;
		this.scheduler = scheduler;
	}

	@Override
	public Publisher<Void> handle(Connection connection) {
		if (this.scheduler == null) {
			return invoke(connection);
		}
		return Mono.defer(() -> Mono.from(invoke(connection))).subscribeOn(this.scheduler);
	}

	private Publisher<Void> invoke(Connection connection) {
		Object[] arguments = new Object[this.signature.parameterCount()];
		if (this.signature.inboundIndex() >= 0) {
			arguments[this.signature.inboundIndex()] = inbound(connection);
		}
		if (this.signature.connectionIndex() >= 0) {
			arguments[this.signature.connectionIndex()] = connection;
		}
		Object result;
		try {
			result = this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			return Mono.error(ex.getCause());
		}
		catch (IllegalAccessException ex) {
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

	private Flux<?> inbound(Connection connection) {
		Flux<?> inbound;
		Class<?> type = this.signature.inboundType();
		if (type == String.class) {
			// Framed or not: with the raw codec a read may end inside a character, which the text
			// codec then carries over to the next read instead of calling it malformed.
			inbound = this.codecs.text().decode(connection.receive(), this.codecs.frames());
		}
		else {
			Flux<ByteBuffer> frames = this.codecs.frames().decode(connection.receive());
			inbound = (type == byte[].class) ? frames.map(HandlerMethodConnectionHandler::toArray) : frames;
		}
		// A bad frame ends the inbound normally rather than with an error: the handler did nothing
		// wrong, so the connection is closed without counting a handler error. Where nothing can be
		// rejected (raw bytes, text that replaces bad input) the operator would only cost a signal hop
		// per read.
		if (this.codecs.frames().rejectsFrames()
				|| (type == String.class && this.codecs.text().rejectsMalformedInput())) {
			inbound = inbound.onErrorResume(FrameException.class, (ex) -> {
				rejectFrame(connection, ex);
				return Mono.empty();
			});
		}
		// A small prefetch keeps the frames waiting for a blocked handler few: beyond them the loop
		// stops reading and the peer meets the TCP window.
		return (this.scheduler != null) ? inbound.publishOn(this.scheduler, OFFLOAD_PREFETCH) : inbound;
	}

	private void rejectFrame(Connection connection, FrameException ex) {
		ServerStats serverStats = this.stats.get();
		if (serverStats != null) {
			serverStats.frameRejected();
		}
		this.badFrameLog.warn("Sockloop server '{}': closing connection {} from {}: {}", this.serverName,
				connection.id(), connection.remoteAddress(), ex.getMessage());
		connection.close(CloseReason.BAD_FRAME);
	}

	@SuppressWarnings("unchecked")
	private Publisher<ByteBuffer> outboundBuffers(Publisher<?> result) {
		Class<?> type = this.signature.outboundType();
		if (type == String.class) {
			return this.codecs.text().encode((Publisher<String>) result);
		}
		if (type == byte[].class) {
			return Flux.from((Publisher<byte[]>) result).map(ByteBuffer::wrap);
		}
		return (Publisher<ByteBuffer>) result;
	}

	private static byte[] toArray(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
