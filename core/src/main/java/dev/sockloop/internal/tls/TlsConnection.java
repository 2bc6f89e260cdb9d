package dev.sockloop.internal.tls;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.sockloop.connection.ClosedConnectionException;
import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.connection.HandlerSubscriber;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.connection.SendMono;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.ScheduledTask;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.tls.TlsStats;

/**
 * One TLS connection: the {@link Connection} the application's handler sees, and the drain that
 * moves bytes between it, the {@link SSLEngine} and the real connection underneath.
 *
 * <p>Every signal (network bytes, application demand, application buffers to send, a finished
 * delegated task, a close) only records itself and calls {@link #signal()}; the drain then does the
 * work, one thread at a time. Signals on the loop thread drain at once; signals from other threads
 * hop to the loop first, so that the engine and the handler's subscribers are driven from the loop.
 *
 * <p>Demand flows from the handler down: network bytes are requested only while the handshake
 * needs input or the handler has asked for decrypted bytes and none are buffered; application
 * buffers are encrypted only while fewer than {@link #RECORD_QUEUE_LIMIT} bytes of records wait
 * for the real connection to ask for them. Above that limit nothing is read or unwrapped either,
 * so that records the engine answers with (KeyUpdate, alerts) stay within it too; decrypted bytes
 * the handler has not asked for are capped at {@link #DECRYPTED_LIMIT}. A TLS 1.2 renegotiation
 * is refused, and a handshake not completed within the handshake timeout closes the connection.
 */
public final class TlsConnection implements Connection {

	/** The logger {@link dev.sockloop.tls.TlsHandler} documents: its name is the API, not the class. */
	private static final Logger logger = LoggerFactory.getLogger("dev.sockloop.tls");

	/**
	 * Encrypted bytes waiting for the connection to ask for them, above which encryption pauses, and
	 * so do unwrapping and reading: records the engine makes of its own (handshake messages,
	 * answers to a peer's KeyUpdate, alerts) count too, or a peer that provokes them and never reads
	 * would grow the queue without bound.
	 */
	public static final int RECORD_QUEUE_LIMIT = 64 * 1024;

	/**
	 * Decrypted bytes waiting for the handler's demand, above which unwrapping pauses even while the
	 * engine says it needs input.
	 */
	static final int DECRYPTED_LIMIT = 64 * 1024;

	/** TLS record content type of handshake messages, visible in the clear before TLS 1.3. */
	private static final byte HANDSHAKE_RECORD = 22;

	/** Network buffers asked for at a time: two keep the socket's read interest steady. */
	private static final int NETWORK_PREFETCH = 2;

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	private static final AtomicIntegerFieldUpdater<TlsConnection> WIP =
			AtomicIntegerFieldUpdater.newUpdater(TlsConnection.class, "wip");

	/** Scratch space for the engine's output, copied out at once: one per thread, not per connection. */
	private static final ThreadLocal<ByteBuffer[]> scratch = ThreadLocal.withInitial(() -> new ByteBuffer[2]);

	private final Connection network;

	private final SSLEngine engine;

	private final TlsStats stats;

	private final RateLimitedLog warnings;

	private final ConnectionHandler delegate;

	private final Thread loopThread;

	private final ApplicationInbound inbound = new ApplicationInbound(this::signal);

	private final NetworkRecords records = new NetworkRecords(this::signal);

	private final Queue<ByteBuffer> networkChunks = new ConcurrentLinkedQueue<>();

	private final Queue<ApplicationSend.Sender> newSends = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean hopScheduled = new AtomicBoolean();

	private volatile int wip;

	private volatile Subscription networkSubscription;

	private volatile boolean networkEnded;

	private volatile Throwable networkFailure;

	private volatile boolean networkClosed;

	private volatile boolean taskRunning;

	private volatile Throwable taskFailure;

	private volatile boolean closeRequested;

	private volatile CloseReason closeReason = CloseReason.COMPLETED;

	private volatile Throwable handlerFailure;

	/** Drain: set when the handshake completes, before the handler's publisher is subscribed. */
	private Handling handling;

	/** The session once the handshake has completed; read from any thread. */
	private volatile SSLSession session;

	/** Set by the handshake timer; the drain closes the connection unless the handshake is done. */
	private volatile boolean handshakeDeadlinePassed;

	// ---- drain-confined state

	/** Network bytes not yet unwrapped, in read mode; {@code EMPTY} when there are none. */
	private ByteBuffer networkIn = EMPTY;

	/** Whether {@link #networkIn} holds no complete record: unwrapping must wait for more bytes. */
	private boolean needsNetworkBytes = true;

	private int networkOutstanding;

	private long networkBytesReceived;

	private final ArrayDeque<ByteBuffer> decrypted = new ArrayDeque<>(2);

	private long decryptedBytes;

	/** Whether the session's protocol has renegotiation (before TLS 1.3), which is refused. */
	private boolean renegotiable;

	private final List<ApplicationSend.Sender> sends = new ArrayList<>(2);

	private boolean peerClosedTls;

	private boolean handshakeDone;

	private boolean handshakeFailed;

	private boolean fatal;

	private boolean outboundClosing;

	private boolean terminated;

	/** The most bytes of records this connection has had queued; drain-confined. */
	private long recordQueuePeak;

	/** {@link #terminated} for other threads: a handler subscribed after the end is cancelled at once. */
	private volatile boolean ended;

	/** Cancels the handshake timer; {@code null} once cancelled or if there is none. */
	private Runnable handshakeTimer;

	/** Told why a handshake did not complete: a client's connect fails with it. */
	private Consumer<SSLException> handshakeFailureListener;

	public TlsConnection(Connection network, SSLEngine engine, TlsStats stats, RateLimitedLog warnings,
			ConnectionHandler delegate) {
		this.network = network;
		this.engine = engine;
		this.stats = stats;
		this.warnings = warnings;
		this.delegate = delegate;
		this.loopThread = Thread.currentThread();
	}

	/**
	 * Has {@code listener} told, once, why the handshake did not complete (it failed or timed out),
	 * so that a client's connect can fail with the reason rather than with a bare close. Call before
	 * {@link #start(long)}.
	 * @param listener told on the drain, before the connection closes
	 */
	public void onHandshakeFailure(Consumer<SSLException> listener) {
		this.handshakeFailureListener = listener;
	}

	/** Drain: the handshake will not complete. */
	private void handshakeFailed(SSLException failure) {
		Consumer<SSLException> listener = this.handshakeFailureListener;
		if (listener != null) {
			this.handshakeFailureListener = null;
			listener.accept(failure);
		}
	}

	/**
	 * Starts the handshake. Called on the loop thread by {@link dev.sockloop.tls.TlsHandler#handle}.
	 * @param handshakeTimeoutNanos time the peer has to complete the handshake; 0 for no limit
	 * @return what the real connection follows: it completes once the last record (a
	 * {@code close_notify} or an alert) has been written, and errors if the handler fails
	 */
	public Publisher<Void> start(long handshakeTimeoutNanos) {
		try {
			this.engine.beginHandshake();
		}
		catch (SSLException ex) {
			return Mono.error(ex);
		}
		if (handshakeTimeoutNanos > 0) {
			startHandshakeTimer(handshakeTimeoutNanos);
		}
		this.network.receive().subscribe(new NetworkSubscriber());
		this.network.onClose().subscribe(null, null, () -> {
			this.networkClosed = true;
			signal();
		});
		// Once close_notify is out, the reason the application gave reaches the engine's counters.
		return this.network.send(this.records).then(Mono.fromRunnable(() -> this.network.close(this.closeReason)));
	}

	// ---- Connection, as the handler sees it

	@Override
	public long id() {
		return this.network.id();
	}

	@Override
	public String serverName() {
		return this.network.serverName();
	}

	@Override
	public SocketAddress localAddress() {
		return this.network.localAddress();
	}

	@Override
	public SocketAddress remoteAddress() {
		return this.network.remoteAddress();
	}

	@Override
	public Flux<ByteBuffer> receive() {
		return this.inbound;
	}

	@Override
	public Mono<Void> send(Publisher<ByteBuffer> data) {
		return new SendMono<>(this, ApplicationSend.SENDING, data);
	}

	@Override
	public Map<String, Object> attributes() {
		return this.network.attributes();
	}

	@Override
	public boolean isOpen() {
		return this.network.isOpen();
	}

	/** Sends {@code close_notify} once the sends under way have been encrypted, then closes. */
	@Override
	public void close() {
		this.closeRequested = true;
		signal();
	}

	@Override
	public void close(CloseReason reason) {
		this.closeReason = reason;
		close();
	}

	/** No {@code close_notify}: a peer that does not read would not take it. */
	@Override
	public void abort(CloseReason reason) {
		this.closeReason = reason;
		this.network.abort(reason);
	}

	@Override
	public Mono<Void> onClose() {
		return this.network.onClose();
	}

	@Override
	public Optional<SSLSession> tlsSession() {
		return Optional.ofNullable(this.session);
	}

	/**
	 * Closes the socket underneath at once, dropping queued records and sending no alert: for a
	 * peer that has stopped reading, which a {@code close_notify} would wait on for ever. Any thread.
	 * @param reason why
	 */
	public void forceClose(CloseReason reason) {
		this.closeReason = reason;
		if (this.network instanceof LoopConnection connection) {
			connection.forceClose(reason);
		}
		else {
			this.network.close(reason);
		}
	}

	/**
	 * The engine's session, for the handler's own checks (peer certificates, protocol).
	 * @return the session
	 */
	javax.net.ssl.SSLSession session() {
		return this.engine.getSession();
	}

	void sendStarted(ApplicationSend.Sender sender) {
		this.newSends.add(sender);
		signal();
	}

	/**
	 * Arms the handshake timer on the loop's own timers, which cost no thread hop; off a loop (a
	 * wrapper that calls the handler elsewhere) on Reactor's timer, whose signal hops to the loop.
	 */
	private void startHandshakeTimer(long timeoutNanos) {
		Runnable expire = () -> {
			this.handshakeDeadlinePassed = true;
			signal();
		};
		EventLoop loop = EventLoop.current();
		if (loop != null) {
			ScheduledTask task = loop.schedule(expire, timeoutNanos);
			// Loop timers are loop-confined; the drain may, rarely, run elsewhere once the
			// connection has closed.
			this.handshakeTimer = () -> {
				if (loop.inLoop()) {
					task.cancel();
				}
				else {
					loop.execute(task::cancel);
				}
			};
		}
		else {
			Disposable task = Schedulers.parallel().schedule(expire, timeoutNanos, TimeUnit.NANOSECONDS);
			this.handshakeTimer = task::dispose;
		}
	}

	/** Drain: the handshake completed or the connection ended; the timer has nothing left to do. */
	private void cancelHandshakeTimer() {
		Runnable cancel = this.handshakeTimer;
		if (cancel != null) {
			this.handshakeTimer = null;
			cancel.run();
		}
	}

	// ---- the drain

	/** Something happened: drain now on the loop thread, or hop to it. Any thread. */
	void signal() {
		if (Thread.currentThread() == this.loopThread) {
			drain();
		}
		else if (this.hopScheduled.compareAndSet(false, true)) {
			hopToLoop();
		}
	}

	/**
	 * Runs the drain on the loop thread. {@link Connection} offers no executor, but its
	 * {@code send} subscribes to the given publisher on the loop, so an empty publisher that drains
	 * when subscribed is a hop. Should a send ever subscribe elsewhere, the drain still runs, one
	 * thread at a time, just not on the loop.
	 */
	private void hopToLoop() {
		Runnable hopped = () -> {
			this.hopScheduled.set(false);
			drain();
		};
		this.network.send(Mono.fromRunnable(hopped)).subscribe(null, (closed) -> hopped.run());
	}

	private void drain() {
		if (WIP.getAndIncrement(this) != 0) {
			return;
		}
		int missed = 1;
		do {
			try {
				drainOnce();
			}
			catch (SSLException ex) {
				failTls(ex);
			}
			catch (RuntimeException | Error ex) {
				// The handler's own code runs inside the drain (onNext, handle): treat as its failure.
				this.handlerFailure = ex;
				finish(ex);
			}
			missed = WIP.addAndGet(this, -missed);
		}
		while (missed != 0);
	}

	private void drainOnce() throws SSLException {
		absorbNetworkChunks();
		if (this.terminated) {
			return;
		}
		if (this.handlerFailure != null || this.networkClosed || this.records.isCancelled()) {
			finish(this.handlerFailure);
			return;
		}
		if (this.handshakeDeadlinePassed && !this.handshakeDone && !this.fatal) {
			handshakeTimedOut();
			return;
		}
		if (this.taskFailure != null) {
			Throwable failure = this.taskFailure;
			this.taskFailure = null;
			throw (failure instanceof SSLException ssl) ? ssl : new SSLException(failure);
		}
		adoptNewSends();
		boolean progress;
		do {
			progress = false;
			if (this.taskRunning || this.fatal) {
				break;
			}
			HandshakeStatus status = this.engine.getHandshakeStatus();
			switch (status) {
				case NEED_TASK -> runDelegatedTasks();
				case NEED_WRAP -> progress = !recordsFull() && wrap(EMPTY, null);
				case NEED_UNWRAP, NEED_UNWRAP_AGAIN ->
					progress = !recordsFull() && this.decryptedBytes < DECRYPTED_LIMIT && unwrap();
				default -> {
					if (this.inbound.hasDemand() && this.decrypted.isEmpty() && !recordsFull()) {
						progress = unwrap();
					}
					progress |= wrapApplicationData();
					progress |= closeOutboundWhenDone();
				}
			}
			progress |= deliverDecrypted();
			// Emitting makes room below RECORD_QUEUE_LIMIT: encrypt more in the same pass.
			progress |= this.records.emit();
		}
		while (progress);
		endInboundIfNetworkEnded();
		this.records.emit();
		if ((this.engine.isOutboundDone() || this.fatal) && this.records.isEmpty()) {
			this.records.complete();
		}
		requestNetworkBytes();
	}

	private void absorbNetworkChunks() {
		ByteBuffer chunk;
		while ((chunk = this.networkChunks.poll()) != null) {
			this.networkOutstanding--;
			this.networkBytesReceived += chunk.remaining();
			if (this.terminated || this.fatal) {
				continue;
			}
			if (!this.networkIn.hasRemaining()) {
				this.networkIn = chunk; // ours to keep: the connection hands over its buffers
			}
			else {
				// A partial record waits: join it with the new bytes.
				ByteBuffer joined = ByteBuffer.allocate(this.networkIn.remaining() + chunk.remaining());
				joined.put(this.networkIn).put(chunk).flip();
				this.networkIn = joined;
			}
			this.needsNetworkBytes = false;
		}
	}

	private void adoptNewSends() {
		ApplicationSend.Sender sender;
		while ((sender = this.newSends.poll()) != null) {
			if (this.outboundClosing || this.engine.isOutboundDone() || this.fatal) {
				sender.fail(new ClosedConnectionException("TLS connection is closing"));
			}
			else {
				this.sends.add(sender);
			}
		}
	}

	private void requestNetworkBytes() {
		Subscription subscription = this.networkSubscription;
		if (subscription == null || this.networkEnded || this.fatal || this.terminated || !this.needsNetworkBytes
				|| recordsFull()) {
			return;
		}
		boolean wanted = (handshakeNeedsInput() && this.decryptedBytes < DECRYPTED_LIMIT)
				|| (this.inbound.hasDemand() && this.decrypted.isEmpty());
		if (wanted && this.networkOutstanding < NETWORK_PREFETCH && !this.peerClosedTls) {
			int n = NETWORK_PREFETCH - this.networkOutstanding;
			this.networkOutstanding = NETWORK_PREFETCH;
			subscription.request(n);
		}
	}

	/** Whether the peer has stopped reading long enough that nothing it sends should be processed. */
	private boolean recordsFull() {
		return this.records.queuedBytes() >= RECORD_QUEUE_LIMIT;
	}

	private boolean handshakeNeedsInput() {
		HandshakeStatus status = this.engine.getHandshakeStatus();
		return !this.taskRunning && (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN);
	}

	// ---- the engine

	private boolean unwrap() throws SSLException {
		if (this.needsNetworkBytes || !this.networkIn.hasRemaining() || this.peerClosedTls) {
			this.needsNetworkBytes = true;
			return false;
		}
		if (this.renegotiable && this.networkIn.get(this.networkIn.position()) == HANDSHAKE_RECORD) {
			// unwrap consumes whole records, so the position is a record's first byte.
			refuseRenegotiation();
			return false;
		}
		ByteBuffer out = scratch(0, this.engine.getSession().getApplicationBufferSize());
		SSLEngineResult result = this.engine.unwrap(this.networkIn, out);
		switch (result.getStatus()) {
			case BUFFER_UNDERFLOW -> {
				this.needsNetworkBytes = true;
				return false;
			}
			case BUFFER_OVERFLOW -> {
				growScratch(0, this.engine.getSession().getApplicationBufferSize());
				return true;
			}
			case CLOSED -> this.peerClosedTls = true;
			default -> {
			}
		}
		if (result.bytesProduced() > 0) {
			out.flip();
			this.decrypted.add(ByteBuffer.wrap(Arrays.copyOf(out.array(), out.remaining())));
			this.decryptedBytes += out.remaining();
		}
		if (!this.networkIn.hasRemaining()) {
			this.networkIn = EMPTY;
			this.needsNetworkBytes = true;
		}
		handshakeProgressed(result);
		return true;
	}

	/**
	 * Wraps {@code source} (or nothing, for handshake and closing records) into records queued
	 * for the network.
	 * @return whether anything happened
	 */
	private boolean wrap(ByteBuffer source, ApplicationSend.Sender sender) throws SSLException {
		if (this.engine.isOutboundDone()) {
			return false;
		}
		ByteBuffer out = scratch(1, this.engine.getSession().getPacketBufferSize());
		SSLEngineResult result = this.engine.wrap(source, out);
		if (result.getStatus() == Status.BUFFER_OVERFLOW) {
			growScratch(1, this.engine.getSession().getPacketBufferSize());
			return true;
		}
		if (result.bytesProduced() > 0) {
			out.flip();
			this.records.offer(ByteBuffer.wrap(Arrays.copyOf(out.array(), out.remaining())));
			long queued = this.records.queuedBytes();
			if (queued > this.recordQueuePeak) {
				// Only a new high reaches the server-wide figure: a shared write per record would
				// cost every connection of the server on the hot path.
				this.recordQueuePeak = queued;
				this.stats.recordsQueued(queued);
			}
		}
		if (sender != null && !source.hasRemaining()) {
			sender.consumedHead();
		}
		handshakeProgressed(result);
		return result.bytesProduced() > 0 || result.bytesConsumed() > 0
				|| result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
	}

	private boolean wrapApplicationData() throws SSLException {
		boolean progress = false;
		for (int i = 0; i < this.sends.size(); i++) {
			ApplicationSend.Sender sender = this.sends.get(i);
			ByteBuffer buffer;
			while (this.records.queuedBytes() < RECORD_QUEUE_LIMIT && !this.engine.isOutboundDone()
					&& this.engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
					&& (buffer = sender.peek()) != null) {
				if (!buffer.hasRemaining()) {
					sender.consumedHead();
				}
				else if (!wrap(buffer, sender)) {
					break;
				}
				progress = true;
			}
			if (sender.finishIfDone()) {
				this.sends.remove(i--);
			}
			else {
				sender.requestMore(RECORD_QUEUE_LIMIT - this.records.queuedBytes());
			}
		}
		return progress;
	}

	private boolean closeOutboundWhenDone() {
		if (this.outboundClosing || !this.closeRequested || !this.sends.isEmpty() || !this.newSends.isEmpty()) {
			return false;
		}
		this.outboundClosing = true;
		this.engine.closeOutbound();
		return true;
	}

	private void runDelegatedTasks() {
		List<Runnable> tasks = new ArrayList<>(2);
		Runnable task;
		while ((task = this.engine.getDelegatedTask()) != null) {
			tasks.add(task);
		}
		this.taskRunning = true;
		Runnable runTasks = () -> {
			try {
				for (Runnable t : tasks) {
					t.run();
				}
			}
			catch (Throwable ex) {
				this.taskFailure = ex;
			}
			finally {
				this.taskRunning = false;
				signal();
			}
		};
		try {
			// Certificate checks and key agreement can take milliseconds: never on the loop.
			Schedulers.boundedElastic().schedule(runTasks);
		}
		catch (RejectedExecutionException ex) {
			runTasks.run();
		}
	}

	private void handshakeProgressed(SSLEngineResult result) {
		if (result.getHandshakeStatus() == HandshakeStatus.FINISHED && !this.handshakeDone) {
			this.handshakeDone = true;
			// Published before the handler is called: it, and any thread it hands the connection
			// to, finds the session.
			this.session = this.engine.getSession();
			cancelHandshakeTimer();
			// After the first handshake a client's handshake record before TLS 1.3 can only be a
			// ClientHello: a renegotiation, one private-key operation each for the asking.
			this.renegotiable = !"TLSv1.3".equals(this.engine.getSession().getProtocol());
			this.stats.handshakeCompleted();
			startHandler();
		}
	}

	private void startHandler() {
		Publisher<Void> handling = this.delegate.handle(this);
		if (handling == null) {
			throw new NullPointerException("ConnectionHandler returned null instead of a Publisher");
		}
		this.handling = new Handling();
		handling.subscribe(this.handling);
	}

	// ---- the handler's side

	private boolean deliverDecrypted() {
		boolean progress = false;
		while (!this.decrypted.isEmpty() && this.inbound.hasDemand()) {
			ByteBuffer buffer = this.decrypted.poll();
			this.decryptedBytes -= buffer.remaining();
			this.inbound.emit(buffer);
			progress = true;
		}
		if (this.peerClosedTls && this.decrypted.isEmpty() && !this.inbound.isEnded() && this.handshakeDone) {
			this.inbound.end(null); // close_notify: the peer has finished sending, like a FIN
		}
		this.inbound.deliverTerminal();
		return progress;
	}

	/** The peer's FIN or a read error, once every complete record before it has been delivered. */
	private void endInboundIfNetworkEnded() {
		if (!this.networkEnded || this.fatal || this.taskRunning || !this.needsNetworkBytes
				|| !this.decrypted.isEmpty()) {
			return;
		}
		if (!this.handshakeDone) {
			if (this.networkBytesReceived == 0 && this.networkFailure == null) {
				// A port probe, not a TLS peer: not a handshake failure.
				this.fatal = true;
				this.engine.closeOutbound();
				return;
			}
			failTls(new SSLHandshakeException("Connection closed by peer during the TLS handshake"));
			return;
		}
		if (!this.inbound.isEnded()) {
			// A FIN without close_notify ends the inbound as a FIN does in plain TCP; the outbound
			// stays open for the handler's last writes.
			this.inbound.end(this.networkFailure);
		}
	}

	/**
	 * The handshake did not complete in time: a peer that sends nothing, or half a
	 * {@code ClientHello}, would otherwise hold a socket and an engine for ever. No alert: the peer
	 * may not be reading, and the close must not wait for it.
	 */
	private void handshakeTimedOut() {
		this.stats.handshakeTimedOut();
		logger.debug("TLS handshake timed out on connection {} of server '{}'", id(), serverName());
		SSLHandshakeException failure = new SSLHandshakeException("TLS handshake timed out");
		handshakeFailed(failure);
		abort(CloseReason.TIMEOUT, failure);
	}

	/**
	 * The peer started a renegotiation: the JDK would accept it (each one a private-key operation on
	 * the server), and nothing a client needs requires it, so the connection is closed before the
	 * engine sees the {@code ClientHello}.
	 */
	private void refuseRenegotiation() {
		this.stats.renegotiationRefused();
		this.warnings.warn("TLS renegotiation refused on connection {} of server '{}' from {}", id(), serverName(),
				remoteAddress());
		abort(CloseReason.BAD_FRAME, new SSLException("TLS renegotiation refused"));
	}

	/** Closes the connection underneath at once, for {@code reason}, without a closing alert. */
	private void abort(CloseReason reason, SSLException failure) {
		this.fatal = true;
		cancelHandshakeTimer();
		this.inbound.end(failure);
		for (ApplicationSend.Sender sender : this.sends) {
			sender.fail(failure);
		}
		this.sends.clear();
		Subscription subscription = this.networkSubscription;
		if (subscription != null) {
			subscription.cancel();
		}
		// The first reason given is the one the connection keeps: close before the records end.
		this.network.close(reason);
		this.records.abandon();
	}

	/** A TLS error: the handshake failed, or a record could not be decrypted. */
	private void failTls(SSLException failure) {
		if (this.fatal || this.terminated) {
			return;
		}
		this.fatal = true;
		cancelHandshakeTimer();
		if (!this.handshakeDone && !this.handshakeFailed) {
			this.handshakeFailed = true;
			handshakeFailed(failure);
			if (this.networkClosed && this.networkBytesReceived == 0) {
				return;
			}
			this.stats.handshakeFailed();
			// A peer buys a failure with a connect and a few bytes: at most one line per interval.
			this.warnings.warn("TLS handshake failed on connection {} of server '{}' from {}: {}", id(),
					serverName(), remoteAddress(), failure.getMessage());
		}
		else {
			logger.debug("TLS failure on connection {} of server '{}': {}", id(), serverName(),
					failure.getMessage());
		}
		this.inbound.end(failure);
		for (ApplicationSend.Sender sender : this.sends) {
			sender.fail(failure);
		}
		this.sends.clear();
		// The engine has an alert for the peer: send it before closing.
		this.engine.closeOutbound();
		for (int i = 0; i < 4 && !this.engine.isOutboundDone(); i++) {
			try {
				ByteBuffer out = scratch(1, this.engine.getSession().getPacketBufferSize());
				SSLEngineResult result = this.engine.wrap(EMPTY, out);
				if (result.bytesProduced() > 0) {
					out.flip();
					this.records.offer(ByteBuffer.wrap(Arrays.copyOf(out.array(), out.remaining())));
				}
				else if (result.getStatus() != Status.BUFFER_OVERFLOW) {
					break;
				}
			}
			catch (SSLException ex) {
				break;
			}
		}
		Subscription subscription = this.networkSubscription;
		if (subscription != null) {
			subscription.cancel();
		}
		this.records.emit();
		if (this.records.isEmpty()) {
			this.records.complete();
		}
	}

	/** The connection underneath closed, was cancelled, or the handler failed: end everything. */
	private void finish(Throwable handlerFailure) {
		if (this.terminated) {
			return;
		}
		this.terminated = true;
		this.ended = true;
		cancelHandshakeTimer();
		Throwable cause = (this.networkFailure != null) ? this.networkFailure : new ClosedConnectionException();
		if (!this.inbound.isEnded()) {
			this.inbound.end(this.networkEnded && this.networkFailure == null ? null : cause);
		}
		this.inbound.deliverTerminal();
		for (ApplicationSend.Sender sender : this.sends) {
			sender.fail(cause);
		}
		this.sends.clear();
		ApplicationSend.Sender sender;
		while ((sender = this.newSends.poll()) != null) {
			sender.fail(cause);
		}
		if (this.handling != null && handlerFailure == null) {
			this.handling.cancel();
		}
		if (handlerFailure != null) {
			this.records.fail(handlerFailure);
		}
		this.decrypted.clear();
		this.decryptedBytes = 0;
		this.networkIn = EMPTY;
	}

	private static ByteBuffer scratch(int index, int size) {
		ByteBuffer[] buffers = scratch.get();
		ByteBuffer buffer = buffers[index];
		if (buffer == null || buffer.capacity() < size) {
			buffer = ByteBuffer.allocate(size);
			buffers[index] = buffer;
		}
		buffer.clear();
		return buffer;
	}

	private static void growScratch(int index, int size) {
		ByteBuffer[] buffers = scratch.get();
		buffers[index] = ByteBuffer.allocate(Math.max(size, buffers[index].capacity() * 2));
	}

	@Override
	public String toString() {
		return "TLS " + this.network;
	}

	/** Follows the real connection's inbound bytes. */
	private final class NetworkSubscriber implements CoreSubscriber<ByteBuffer> {

		@Override
		public void onSubscribe(Subscription subscription) {
			TlsConnection.this.networkSubscription = subscription;
			signal();
		}

		@Override
		public void onNext(ByteBuffer chunk) {
			TlsConnection.this.networkChunks.offer(chunk);
			signal();
		}

		@Override
		public void onError(Throwable failure) {
			TlsConnection.this.networkFailure = failure;
			TlsConnection.this.networkEnded = true;
			signal();
		}

		@Override
		public void onComplete() {
			TlsConnection.this.networkEnded = true;
			signal();
		}

	}

	/** Follows the handler's publisher: completion sends close_notify, an error closes at once. */
	private final class Handling extends HandlerSubscriber {

		@Override
		protected boolean connectionEnded() {
			// A publisher that subscribes asynchronously may arrive after the drain finished.
			return TlsConnection.this.ended;
		}

		@Override
		public void onError(Throwable failure) {
			handlerEnded();
			TlsConnection.this.handlerFailure = failure;
			signal();
		}

		@Override
		public void onComplete() {
			handlerEnded();
			TlsConnection.this.closeRequested = true;
			signal();
		}

	}

}
