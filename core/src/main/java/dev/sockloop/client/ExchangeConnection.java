package dev.sockloop.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeoutException;

import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

import org.reactivestreams.Subscription;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.FrameException;
import dev.sockloop.connection.ClosedConnectionException;
import dev.sockloop.connection.Connection;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.internal.tls.TlsConnection;
import dev.sockloop.stats.ClientStats;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;

/**
 * Request/response over one connection, pipelined: each {@link #exchange(Object) exchange} writes
 * one request frame at once, and responses are matched to requests in order (the first frame that
 * arrives answers the oldest request still waiting), as in HTTP/1.1 pipelining, Redis or memcached.
 * <pre>{@code
 * ExchangeConnection<String, String> kv = client.connectExchange(address, ExchangeCodec.text(TextCodec.utf8()))
 *         .block();
 * Mono<String> answer = kv.exchange("{\"op\":\"get\",\"key\":\"a\"}");
 * }</pre>
 *
 * <p>Bounded whatever the server does: at most {@code maxPendingExchanges} exchanges wait at a
 * time (more are refused at once with {@link ExchangeRejectedException}), so the client holds at
 * most that many request frames beyond the connection's write high-water mark; a response is
 * bounded by the framing's maximum frame length, past which the connection is closed. An exchange
 * whose response does not arrive within the exchange timeout fails with a {@link TimeoutException}
 * and closes the connection: every later response would have to wait behind the missing one, and
 * an entry kept for a response that may never come is memory a silent server holds. A frame that
 * answers no request, or that the codec cannot decode, closes the connection with reason
 * {@code bad-frame}. When the connection closes for any reason, every exchange still waiting fails
 * with a {@link ClosedConnectionException}.
 *
 * <p>An exchange cancelled by its subscriber keeps its place in the order: its response, when it
 * comes, is dropped.
 *
 * <p>The message types come from an {@link ExchangeCodec}: bytes or text today, any type for
 * which a codec is written (an adapter over Spring's {@code Encoder}/{@code Decoder}, for example).
 *
 * @param <I> the request type
 * @param <O> the response type
 */
public final class ExchangeConnection<I, O> implements AutoCloseable {

	private final Connection connection;

	private final FrameCodec framing;

	private final ExchangeCodec<I, O> codec;

	private final int maxPending;

	private final Duration timeout;

	private final ServerStats stats;

	private final ClientStats clientStats;

	private final RateLimitedLog warnings;

	/** Request frames on their way to the connection, in the order of {@link #pending}. */
	private final Sinks.Many<ByteBuffer> requests = Sinks.many().unicast().onBackpressureBuffer();

	/** Guarded by {@code this}: exchanges whose response has not arrived, oldest first. */
	private final ArrayDeque<Pending<O>> pending = new ArrayDeque<>();

	/** Guarded by {@code this}: no more exchanges are taken. */
	private boolean closed;

	/** Guarded by {@code this}: why the connection closed, told to exchanges attempted afterwards. */
	private Throwable closeCause;

	ExchangeConnection(Connection connection, FrameCodec framing, ExchangeCodec<I, O> codec, int maxPending,
			Duration timeout, ServerStats stats, ClientStats clientStats, RateLimitedLog warnings) {
		this.connection = connection;
		this.framing = framing;
		this.codec = codec;
		this.maxPending = maxPending;
		this.timeout = timeout;
		this.stats = stats;
		this.clientStats = clientStats;
		this.warnings = warnings;
	}

	/** Starts writing requests and reading responses; called once, before the connection is handed out. */
	ExchangeConnection<I, O> start() {
		// A failed send means the connection closed, which onClose reports with the exchanges.
		this.connection.send(this.requests.asFlux()).subscribe(null, (failure) -> { });
		this.framing.decode(this.connection.receive()).subscribe(new Responses());
		this.connection.onClose()
			.subscribe(null, null, () -> failPending(new ClosedConnectionException("Connection closed with "
					+ "exchanges outstanding"), null));
		return this;
	}

	/**
	 * Sends one request and waits for its response. The request is written when the returned
	 * {@code Mono} is subscribed, and its place in the order is taken then.
	 * @param request the request
	 * @return the response; errors with {@link ExchangeRejectedException} if too many exchanges
	 * are outstanding, with a {@link TimeoutException} if the response is late (the connection is
	 * then closed), with a {@link ClosedConnectionException} if the connection closes first, and
	 * with the codec's exception if the request cannot be encoded
	 */
	public Mono<O> exchange(I request) {
		Mono<O> exchange = Mono.create((sink) -> start(request, sink));
		if (this.timeout.isZero() || this.timeout.isNegative()) {
			return exchange;
		}
		return exchange.timeout(this.timeout, Mono.defer(this::timedOut));
	}

	private void start(I request, MonoSink<O> sink) {
		ByteBuffer frame;
		try {
			frame = this.framing.encoder().encode(this.codec.encode(request));
		}
		catch (RuntimeException ex) {
			sink.error(ex);
			return;
		}
		Pending<O> entry = new Pending<>(sink);
		sink.onCancel(() -> entry.cancelled = true);
		synchronized (this) {
			if (this.closed) {
				ClosedConnectionException failure = new ClosedConnectionException(
						"Connection closed before the request could be sent");
				if (this.closeCause != null) {
					failure.initCause(this.closeCause);
				}
				sink.error(failure);
				return;
			}
			if (this.pending.size() >= this.maxPending) {
				this.clientStats.exchangeRejected();
				sink.error(new ExchangeRejectedException(
						this.maxPending + " exchanges are already outstanding on this connection"));
				return;
			}
			// Under the lock: the order of the entries is the order of the frames on the wire.
			this.pending.add(entry);
			this.requests.tryEmitNext(frame);
		}
	}

	private Mono<O> timedOut() {
		this.clientStats.exchangeTimedOut();
		TimeoutException failure = new TimeoutException("No response within " + this.timeout
				+ "; the connection is closed, as later responses would wait behind the missing one");
		failPending(new ClosedConnectionException("Connection closed: an earlier exchange timed out"), null);
		abort(CloseReason.TIMEOUT);
		return Mono.error(failure);
	}

	/**
	 * Exchanges waiting for their response.
	 * @return the count, cancelled ones included until their response arrives
	 */
	public synchronized int pendingExchanges() {
		return this.pending.size();
	}

	/**
	 * The connection underneath, for its addresses, attributes and close signal. Sending or receiving
	 * on it directly would break the order of the exchanges.
	 * @return the connection
	 */
	public Connection connection() {
		return this.connection;
	}

	/**
	 * Whether the connection is still open.
	 * @return {@code true} until the connection has closed
	 */
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	/**
	 * Completes when the connection has closed.
	 * @return a {@code Mono} completing on close
	 */
	public Mono<Void> onClose() {
		return this.connection.onClose();
	}

	/**
	 * Closes the connection once the requests already written have been flushed; exchanges still
	 * waiting fail with a {@link ClosedConnectionException}.
	 */
	@Override
	public void close() {
		failPending(new ClosedConnectionException("Connection closed by the application"), null);
		this.connection.close();
	}

	/**
	 * Takes no more exchanges and fails those waiting. Any thread, any number of times.
	 * @param failure what each waiting exchange fails with
	 * @param cause why, attached to the failure; {@code null} for none
	 */
	private void failPending(ClosedConnectionException failure, Throwable cause) {
		List<Pending<O>> failed;
		synchronized (this) {
			if (!this.closed) {
				this.closed = true;
				this.closeCause = cause;
			}
			failed = List.copyOf(this.pending);
			this.pending.clear();
			this.requests.tryEmitComplete();
		}
		if (cause != null) {
			failure.initCause(cause);
		}
		for (Pending<O> entry : failed) {
			entry.sink.error(failure);
		}
	}

	/** Closes at once: queued requests are dropped, as a server that broke the protocol is owed nothing. */
	private void abort(CloseReason reason) {
		if (this.connection instanceof LoopConnection loopConnection) {
			loopConnection.forceClose(reason);
		}
		else if (this.connection instanceof TlsConnection tls) {
			tls.forceClose(reason);
		}
		else {
			this.connection.close(reason);
		}
	}

	/** The server broke the protocol: a frame too long, undecodable, or answering nothing. */
	private void badFrame(String what, Throwable cause) {
		this.stats.frameRejected();
		this.warnings.warn("Client '{}' closing connection {} to {}: {}", this.connection.serverName(),
				this.connection.id(), this.connection.remoteAddress(), what);
		failPending(new ClosedConnectionException("Connection closed: " + what), cause);
		abort(CloseReason.BAD_FRAME);
	}

	@Override
	public String toString() {
		return "ExchangeConnection over " + this.connection;
	}

	/** One exchange waiting for its response. */
	private static final class Pending<O> {

		final MonoSink<O> sink;

		volatile boolean cancelled;

		Pending(MonoSink<O> sink) {
			this.sink = sink;
		}

	}

	/**
	 * Takes response frames one at a time: nothing is read ahead of the frame being matched, so a
	 * server's flood waits in its own socket buffers, not in the client.
	 */
	private final class Responses extends BaseSubscriber<ByteBuffer> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(ByteBuffer frame) {
			Pending<O> entry;
			synchronized (ExchangeConnection.this) {
				entry = ExchangeConnection.this.pending.poll();
			}
			if (entry == null) {
				cancel();
				badFrame("a response frame arrived with no request waiting for it", null);
				return;
			}
			O response;
			try {
				response = ExchangeConnection.this.codec.decode(frame);
			}
			catch (RuntimeException ex) {
				entry.sink.error(ex);
				cancel();
				badFrame("a response frame could not be decoded (" + ex.getMessage() + ")", ex);
				return;
			}
			if (!entry.cancelled) {
				entry.sink.success(response);
			}
			request(1);
		}

		@Override
		protected void hookOnError(Throwable failure) {
			if (failure instanceof FrameException) {
				// The message says what was wrong with the frame, never its bytes.
				badFrame(failure.getMessage(), failure);
			}
			else {
				failPending(new ClosedConnectionException("Connection failed with exchanges outstanding"), failure);
				ExchangeConnection.this.connection.close();
			}
		}

		@Override
		protected void hookOnComplete() {
			// The server has finished sending: no response will come for what is still waiting.
			failPending(new ClosedConnectionException("Server closed the connection with exchanges outstanding"),
					null);
			ExchangeConnection.this.connection.close();
		}

	}

}
