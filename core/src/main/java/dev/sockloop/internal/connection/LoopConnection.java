package dev.sockloop.internal.connection;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.sockloop.codec.FrameException;
import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.connection.ConnectionListener;
import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.IoEvents;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.internal.loop.LoopChannel;
import dev.sockloop.internal.loop.ScheduledTask;
import dev.sockloop.internal.proxy.ProxyHeader;
import dev.sockloop.internal.proxy.ProxyHeaderException;
import dev.sockloop.internal.proxy.ProxyHeaderReader;
import dev.sockloop.server.ProxyProtocol;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerLoopStats;
import dev.sockloop.stats.ServerStats;

/**
 * A stream connection (TCP or Unix domain) on an event loop: reads when the inbound subscriber has
 * demand, gathers queued writes into one syscall at the end of each loop iteration, waits for
 * {@code EPOLLOUT} when the socket buffer is full, and closes once, for one {@link CloseReason}.
 *
 * <p>This class holds every rule of the connection's life; the transport's subclass only moves
 * bytes (in {@code dev.sockloop.internal.transport.epoll}: an fd and JNA syscalls; in
 * {@code dev.sockloop.internal.transport.nio}: a JDK socket channel).
 *
 * <p>All state is confined to the loop thread; public methods hand work over to it.
 */
public abstract class LoopConnection extends LoopChannel implements Connection {

	private static final Logger logger = LoggerFactory.getLogger(LoopConnection.class);

	/** Each PROXY protocol header's client and proxy addresses, at DEBUG: off unless asked for. */
	private static final Logger proxyLogger = LoggerFactory.getLogger("dev.sockloop.proxy");

	/**
	 * How long a connection closing for a fault (a bad frame, a handler error) may take to write
	 * what was queued before the fault, after which it is closed anyway.
	 */
	static final long FAULT_CLOSE_FLUSH_NANOS = Duration.ofSeconds(10).toNanos();

	/** Reads per ready event at most, so that one busy connection cannot starve the others. */
	private static final int MAX_READS_PER_EVENT = 16;

	/** Sends consume their publisher into the write queue, on the loop. */
	private static final SendMono.Sending<LoopConnection, OutboundSubscriber> SENDING = new SendMono.Sending<>() {

		@Override
		public OutboundSubscriber sender(LoopConnection connection, CoreSubscriber<? super Void> actual) {
			return new OutboundSubscriber(connection, actual);
		}

		@Override
		public void start(LoopConnection connection, OutboundSubscriber sender, Publisher<ByteBuffer> source) {
			// On the loop (a handler sending) no task is allocated; other threads hand over.
			if (connection.loop.inLoop()) {
				connection.startSend(sender, source);
			}
			else {
				connection.loop.execute(() -> connection.startSend(sender, source));
			}
		}

	};

	private final long id;

	private final EventLoop loop;

	private final ConnectionSettings settings;

	private final ServerLoopStats stats;

	private final ServerStats serverStats;

	private final LongConsumer onClosed;

	private final InboundPublisher inbound = new InboundPublisher(this);

	private final WriteQueue writeQueue = new WriteQueue();

	/**
	 * The sends in progress: almost always one, so it gets a field, and a list exists only while
	 * there are more (an idle connection is mostly these few objects, so each field is a share of
	 * what every open connection costs in heap).
	 */
	private OutboundSubscriber outbound;

	private List<OutboundSubscriber> moreOutbounds;

	/** Set by {@link #start}, before the handler's publisher is subscribed. */
	private Handling handling;

	/**
	 * While a PROXY protocol header is awaited, and then until the bytes that followed it have gone
	 * to the handler; {@code null} otherwise (always, on a server without the PROXY protocol).
	 */
	private ProxyHeaderWait proxyHeader;

	private int interest;

	private boolean registered;

	private boolean reading;

	private boolean writeBlocked;

	/**
	 * Reading stopped because the write queue reached the high-water mark; resumes at the low-water
	 * mark. A handler that echoes then stalls instead of queueing, and the kernel pushes back on the
	 * peer, whatever operators sit between the inbound and the outbound.
	 */
	private boolean readPausedForWrites;

	/** The read interest is settled after the end-of-batch flush, which may resume the demand. */
	private boolean interestUpdateDeferred;

	private boolean flushScheduled;

	private boolean peerClosed;

	private boolean closeAfterFlush;

	private CloseReason closeAfterFlushReason;

	private volatile boolean closed;

	private long bytesEnqueued;

	private long bytesWritten;

	private long lastReadNanos;

	private long lastWriteNanos;

	private ScheduledTask timeoutTimer;

	/**
	 * Taken at accept or connect, never asked of the socket later: by then the fd may be closed and
	 * its number another client's, or the peer's reset may make the kernel refuse.
	 */
	private volatile SocketAddress localAddress;

	private volatile SocketAddress remoteAddress;

	private volatile Map<String, Object> attributes;

	private Sinks.Empty<Void> closeSink;

	/** What the server's listener wants told of the close; {@code null} without one. */
	private ConnectionListener.OnClose closeListener;

	/**
	 * Wraps a connected socket.
	 * @param fd the socket's fd, or -1 on a transport of JDK channels
	 * @param id the connection id
	 * @param loop the loop that owns it
	 * @param settings the server's settings
	 * @param stats the server's counters on this loop
	 * @param serverStats the server's counters
	 * @param onClosed told the connection's id, on the loop thread, once the connection has closed
	 * @param localAddress the socket's local address if known, else {@code null} to take it in
	 * {@link #start}
	 * @param remoteAddress the peer's address if known, else {@code null} to take it in
	 * {@link #start}
	 */
	protected LoopConnection(int fd, long id, EventLoop loop, ConnectionSettings settings,
			ServerLoopStats stats, ServerStats serverStats, LongConsumer onClosed, SocketAddress localAddress,
			SocketAddress remoteAddress) {
		super(fd);
		this.localAddress = localAddress;
		this.remoteAddress = remoteAddress;
		this.id = id;
		this.loop = loop;
		this.settings = settings;
		this.stats = stats;
		this.serverStats = serverStats;
		this.onClosed = onClosed;
	}

	/**
	 * Runs the handler, then registers the socket with the interest the handler's subscriptions
	 * asked for: one {@code epoll_ctl} per connection instead of an add and a modify. Loop thread
	 * only.
	 * @param handler the application's handler
	 */
	public void start(ConnectionHandler handler) {
		this.stats.connectionOpened();
		if (this.localAddress == null || this.remoteAddress == null) {
			takeAddresses();
		}
		if (this.settings.proxyProtocol() != ProxyProtocol.OFF) {
			awaitProxyHeader(handler);
			return;
		}
		startHandler(handler);
	}

	/**
	 * Reads the PROXY protocol header before anything else sees the connection: the handler (and
	 * TLS, which is a handler) starts once it is complete, with the client's address in place.
	 */
	private void awaitProxyHeader(ConnectionHandler handler) {
		this.proxyHeader = new ProxyHeaderWait(
				new ProxyHeaderReader(this.settings.proxyProtocol() == ProxyProtocol.OPTIONAL), handler);
		try {
			this.loop.register(this, IoEvents.READ);
		}
		catch (RuntimeException ex) {
			this.settings.warnings().warn("Server '{}' could not register connection {} with its loop; closing it",
					this.settings.serverName(), this.id, ex);
			closeNow(CloseReason.RESET, ex);
			return;
		}
		this.registered = true;
		this.interest = IoEvents.READ;
		if (this.settings.proxyHeaderTimeoutNanos() > 0) {
			this.timeoutTimer = this.loop.schedule(this::proxyHeaderTimedOut, this.settings.proxyHeaderTimeoutNanos());
		}
	}

	private boolean awaitingProxyHeader() {
		return this.proxyHeader != null && this.proxyHeader.reader() != null;
	}

	private void readProxyHeader() {
		LoopBuffers buffers = this.loop.buffers();
		ProxyHeaderReader reader = this.proxyHeader.reader();
		ProxyHeader header = null;
		// Bounded: every read adds bytes, and the reader fails past the longest header.
		while (header == null) {
			int n;
			try {
				n = readSocket(buffers);
			}
			catch (IOException ex) {
				closeNow(CloseReason.RESET, ex);
				return;
			}
			if (n == 0) {
				return;
			}
			if (n < 0) {
				this.peerClosed = true;
				closeNow(CloseReason.PEER_CLOSED, null);
				return;
			}
			this.stats.received(n);
			try {
				header = reader.offer(buffers.read(), n);
			}
			catch (ProxyHeaderException ex) {
				proxyHeaderRejected(CloseReason.BAD_FRAME, ex.getMessage());
				return;
			}
		}
		if (header.source() != null) {
			if (proxyLogger.isDebugEnabled()) {
				proxyLogger.debug("Server '{}' connection {}: client {} via {}", this.settings.serverName(), this.id,
						header.source(), this.remoteAddress);
			}
			this.remoteAddress = header.source();
		}
		proxyHeaderDone();
	}

	private void proxyHeaderTimedOut() {
		this.timeoutTimer = null;
		if (this.closed || !awaitingProxyHeader()) {
			return;
		}
		if (this.settings.proxyProtocol() == ProxyProtocol.OPTIONAL) {
			// A direct client that sent too little to tell, or nothing (it waits for us to speak).
			this.proxyHeader.reader().giveUp();
			proxyHeaderDone();
			return;
		}
		proxyHeaderRejected(CloseReason.TIMEOUT, "no complete PROXY protocol header within "
				+ Duration.ofNanos(this.settings.proxyHeaderTimeoutNanos()));
	}

	private void proxyHeaderRejected(CloseReason reason, String message) {
		this.settings.warnings().warn("Server '{}' closing connection {} from {}: {}", this.settings.serverName(),
				this.id, this.remoteAddress, message);
		closeNow(reason, new IOException(message));
	}

	/** Runs the handler; the bytes that came with the header reach it once it asks for bytes. */
	private void proxyHeaderDone() {
		if (this.timeoutTimer != null) {
			this.timeoutTimer.cancel();
			this.timeoutTimer = null;
		}
		ByteBuffer remainder = this.proxyHeader.reader().remainder();
		ConnectionHandler handler = this.proxyHeader.handler();
		if (remainder == null) {
			this.proxyHeader = null;
		}
		else {
			this.proxyHeader = new ProxyHeaderWait(null, null, remainder);
		}
		startHandler(handler);
		if (!this.closed) {
			deliverProxyRemainder();
		}
	}

	/** Emits the bytes that followed the header, ahead of any later read, once the handler wants bytes. */
	private void deliverProxyRemainder() {
		ProxyHeaderWait wait = this.proxyHeader;
		if (wait == null || wait.remainder() == null || !this.inbound.wantsData()) {
			return;
		}
		this.proxyHeader = null;
		if (this.timeoutTimer != null) {
			this.lastReadNanos = System.nanoTime();
		}
		this.inbound.emit(wait.remainder());
		updateInterest();
	}

	private void startHandler(ConnectionHandler handler) {
		ConnectionListener listener = this.settings.listener();
		if (listener != null) {
			try {
				this.closeListener = listener.opened(this);
			}
			catch (RuntimeException ex) {
				ConnectionListeners.failed(this.settings.warnings(), this, ex);
			}
		}
		try {
			Publisher<Void> handling = handler.handle(this);
			if (handling == null) {
				throw new NullPointerException("ConnectionHandler returned null instead of a Publisher");
			}
			// A publisher outside Reactor may throw from subscribe rather than signal onError: that
			// too is the handler's failure, and must close the socket here or its fd and its slot
			// under the connection limit would leak, and the listener's accept batch with them.
			this.handling = new Handling();
			handling.subscribe(this.handling);
		}
		catch (Throwable ex) {
			handlerFailed(ex);
			return;
		}
		if (this.closed) {
			return;
		}
		if (this.registered) {
			// Registered to read a PROXY protocol header.
			updateInterest();
		}
		else {
			this.interest = desiredInterest();
			try {
				this.loop.register(this, this.interest);
			}
			catch (RuntimeException ex) {
				// epoll_ctl(ADD) fails with ENOMEM, or ENOSPC past fs.epoll.max_user_watches: the socket
				// never joined the loop, so nothing else would ever close it.
				this.settings.warnings().warn("Server '{}' could not register connection {} with its loop; closing it",
						this.settings.serverName(), this.id, ex);
				closeNow(CloseReason.RESET, ex);
				return;
			}
			this.registered = true;
		}
		if (this.settings.hasTimeouts()) {
			long now = System.nanoTime();
			this.lastReadNanos = now;
			this.lastWriteNanos = now;
			this.timeoutTimer = this.loop.schedule(this::checkTimeouts, nextTimeoutCheck(now));
		}
	}

	@Override
	public long id() {
		return this.id;
	}

	@Override
	public String serverName() {
		return this.settings.serverName();
	}

	EventLoop loop() {
		return this.loop;
	}

	/**
	 * Whether this connection was accepted by the server with these settings.
	 * @param serverSettings a server's settings instance
	 * @return {@code true} if they are this connection's
	 */
	public boolean belongsTo(ConnectionSettings serverSettings) {
		return this.settings == serverSettings;
	}

	/**
	 * Asks the socket for the addresses its creator did not pass (a client's connection, at connect
	 * completion), while the fd is surely still this connection's.
	 */
	private void takeAddresses() {
		try {
			if (this.localAddress == null) {
				this.localAddress = socketLocalAddress();
			}
			if (this.remoteAddress == null) {
				this.remoteAddress = socketRemoteAddress();
			}
		}
		catch (RuntimeException ex) {
			// Reset before it could start (ENOTCONN): the first read reports it.
		}
	}

	@Override
	public SocketAddress localAddress() {
		return this.localAddress;
	}

	@Override
	public SocketAddress remoteAddress() {
		return this.remoteAddress;
	}

	@Override
	public Flux<ByteBuffer> receive() {
		return this.inbound;
	}

	@Override
	public Mono<Void> send(Publisher<ByteBuffer> data) {
		return new SendMono<>(this, SENDING, data);
	}

	@Override
	public Map<String, Object> attributes() {
		Map<String, Object> map = this.attributes;
		if (map == null) {
			synchronized (this) {
				map = this.attributes;
				if (map == null) {
					map = new ConcurrentHashMap<>(4);
					this.attributes = map;
				}
			}
		}
		return map;
	}

	@Override
	public boolean isOpen() {
		return !this.closed;
	}

	@Override
	public void close() {
		close(CloseReason.COMPLETED);
	}

	@Override
	public void close(CloseReason reason) {
		runOnLoop(() -> closeGracefully(reason));
	}

	@Override
	public void abort(CloseReason reason) {
		forceClose(reason);
	}

	@Override
	public Mono<Void> onClose() {
		return Mono.defer(() -> {
			Sinks.Empty<Void> sink;
			synchronized (this) {
				if (this.closeSink == null) {
					this.closeSink = Sinks.empty();
					if (this.closed) {
						this.closeSink.tryEmitEmpty();
					}
				}
				sink = this.closeSink;
			}
			return sink.asMono();
		});
	}

	/**
	 * Completes the inbound side as if the peer had finished sending after the bytes already
	 * received, so that handlers that follow their input wind down; used when the server stops. Any
	 * thread.
	 */
	public void completeInbound() {
		runOnLoop(() -> {
			if (awaitingProxyHeader()) {
				closeNow(CloseReason.SHUTDOWN, null); // no handler yet to wind down
				return;
			}
			if (!this.closed && wantsToRead()) {
				// What the peer sent before the stop is part of its input: a request already received
				// gets its answer (a connection just taken from the accept queue of a closing listener
				// holds its first request), and closing with unread bytes would reset the connection.
				read();
			}
			this.inbound.end();
		});
	}

	/**
	 * Closes at once, dropping queued writes. Any thread.
	 * @param reason why
	 */
	public void forceClose(CloseReason reason) {
		runOnLoop(() -> closeNow(reason, null));
	}

	void runOnLoop(Runnable task) {
		if (this.loop.inLoop()) {
			task.run();
		}
		else {
			this.loop.execute(task);
		}
	}

	// ---- events from the loop

	@Override
	protected void onReady(int readyEvents) {
		if ((readyEvents & IoEvents.ERROR) != 0) {
			closeNow(CloseReason.RESET, socketError());
			return;
		}
		if (awaitingProxyHeader()) {
			readProxyHeader();
			return;
		}
		if ((readyEvents & IoEvents.WRITE) != 0) {
			flush();
		}
		if ((readyEvents & (IoEvents.READ | IoEvents.HANGUP)) != 0 && !this.closed) {
			if (wantsToRead()) {
				read();
			}
			else if ((readyEvents & IoEvents.HANGUP) != 0) {
				// Both directions are down (reset, or FIN after ours): nothing more can happen, and
				// level-triggered EPOLLHUP would wake the loop forever.
				closeNow(this.peerClosed ? CloseReason.PEER_CLOSED : CloseReason.RESET,
						new IOException("Connection reset by peer"));
			}
		}
	}

	@Override
	protected void onEndOfBatch() {
		this.flushScheduled = false;
		if (!this.writeBlocked) {
			flush();
		}
		if (this.interestUpdateDeferred) {
			this.interestUpdateDeferred = false;
			updateInterest();
		}
	}

	@Override
	protected void onFailure(Throwable failure) {
		this.serverStats.handlerFailed();
		closeNow(CloseReason.HANDLER_ERROR, failure);
	}

	@Override
	protected void onLoopShutdown() {
		closeNow(CloseReason.SHUTDOWN, null);
	}

	// ---- the transport's part

	/**
	 * Reads what the socket has into {@code buffers.read()}, from index 0, up to
	 * {@link LoopBuffers#READ_SIZE} bytes.
	 * @param buffers the loop's buffers
	 * @return bytes read, 0 when nothing is available, -1 at end of stream
	 * @throws IOException when the socket failed (typically reset by the peer)
	 */
	protected abstract int readSocket(LoopBuffers buffers) throws IOException;

	/**
	 * Reads what the socket has into {@code buffers.heapRead()}, from index 0, up to
	 * {@link LoopBuffers#READ_SIZE} bytes; called only where {@code buffers.readsToHeap()}.
	 * @param buffers the loop's buffers
	 * @return bytes read, 0 when nothing is available, -1 at end of stream
	 * @throws IOException when the socket failed
	 */
	protected int readSocketToHeap(LoopBuffers buffers) throws IOException {
		throw new UnsupportedOperationException("No heap reads on this transport");
	}

	/**
	 * Writes as much of the queue's head as one syscall takes, advancing the queue and setting its
	 * {@link WriteQueue#lastWritePartial()}.
	 * @param queue the write queue, not empty
	 * @param buffers the loop's buffers
	 * @return bytes written, 0 when the socket buffer is full
	 * @throws IOException when the socket failed
	 */
	protected abstract long writeSocket(WriteQueue queue, LoopBuffers buffers) throws IOException;

	/**
	 * The failure reported by {@link IoEvents#ERROR}.
	 * @return the socket's pending error
	 */
	protected abstract IOException socketError();

	/**
	 * Asks the socket its local address.
	 * @return the address
	 */
	protected abstract SocketAddress socketLocalAddress();

	/**
	 * Asks the socket its peer's address.
	 * @return the address
	 */
	protected abstract SocketAddress socketRemoteAddress();

	/** Closes the socket; it has been deregistered from the loop. */
	protected abstract void closeSocket();

	// ---- reading

	private void read() {
		LoopBuffers buffers = this.loop.buffers();
		this.reading = true;
		try {
			boolean readAhead = false;
			for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
				boolean lendOnly = false;
				if (!wantsToRead()) {
					if (readAhead || !mayReadAheadToLend(buffers)) {
						break;
					}
					lendOnly = true;
					readAhead = true;
				}
				// Bytes a handler keeps go straight into a heap array where the JVM allows it (Java
				// 22+); bytes the loop forwards go into its native buffer, which it can lend.
				boolean toHeap = buffers.readsToHeap() && !this.inbound.forwarding();
				int n;
				try {
					n = toHeap ? readSocketToHeap(buffers) : readSocket(buffers);
				}
				catch (IOException ex) {
					closeNow(CloseReason.RESET, ex);
					return;
				}
				if (n > 0) {
					this.stats.received(n);
					if (this.timeoutTimer != null) {
						this.lastReadNanos = System.nanoTime();
					}
					ByteBuffer lent = (!toHeap && (n >= LoopBuffers.LEND_THRESHOLD || lendOnly)
							&& this.inbound.forwarding()) ? buffers.lendRead(n) : null;
					if (this.inbound.decodes()) {
						// Cut into frames right here, each copied into an array of its own: a copy of
						// the read first would be a second pass over every byte for nothing.
						this.inbound.decode(toHeap ? ByteBuffer.wrap(buffers.heapRead(), 0, n)
								: buffers.read().clear().limit(n));
					}
					else if (toHeap) {
						// A read that filled the array hands it over as it is; a shorter one is copied
						// out, so that a handler's buffer is always exactly its bytes (array() included).
						byte[] bytes = (n == LoopBuffers.READ_SIZE) ? buffers.takeHeapRead()
								: Arrays.copyOf(buffers.heapRead(), n);
						this.inbound.emit(ByteBuffer.wrap(bytes));
					}
					else if (lent != null) {
						// Straight back out, unseen by user code: no copy, no allocation.
						this.inbound.emit(lent);
					}
					else {
						byte[] bytes = new byte[n];
						buffers.read().get(0, bytes, 0, n);
						this.inbound.emit(ByteBuffer.wrap(bytes));
					}
					if (n < LoopBuffers.READ_SIZE) {
						break; // drained; level-triggered epoll reports anything newer
					}
				}
				else if (n < 0) {
					this.peerClosed = true;
					this.inbound.end();
					break;
				}
				else {
					break;
				}
			}
		}
		finally {
			this.reading = false;
		}
		if (this.flushScheduled) {
			// What was read is queued for writing: the flush may bring the demand back, and then
			// dropping and restoring the read interest would cost two epoll_ctl for nothing.
			this.interestUpdateDeferred = true;
		}
		else {
			updateInterest();
		}
	}

	/**
	 * Whether a forwarding connection whose write queue is at the high-water mark may read once more,
	 * lending the read buffer to the queue whatever its size. The mark bounds the heap a connection
	 * holds; lent buffers are the loop's own native memory, bounded per loop
	 * ({@link LoopBuffers#canLend()}). With the default 64 KiB mark a single 64 KiB read fills the
	 * queue, and without this every read would leave in a {@code send} of its own; with it two reads
	 * leave together in one {@code sendmsg}, as a peer's pipelined large messages arrive (Netty's
	 * echo reads up to 16 times before it flushes). At most one buffer per ready event is read ahead
	 * so (the forwarding sender asks for it: {@code OutboundSubscriber}), and never after the peer
	 * has shown it is not keeping up.
	 */
	private boolean mayReadAheadToLend(LoopBuffers buffers) {
		return this.inbound.forwarding() && this.proxyHeader == null && this.inbound.wantsData()
				&& !this.readPausedForWrites
				&& this.writeQueue.queuedBytes() < this.settings.writeHighWaterMark() + (long) LoopBuffers.READ_SIZE
				&& buffers.canLend();
	}

	/**
	 * Whether to read now: the handler wants bytes and the write queue has room. The queue is checked
	 * as well as the pause flag, which is set only once a flush shows the peer is not keeping up.
	 */
	private boolean wantsToRead() {
		return this.proxyHeader == null && this.inbound.wantsData() && !this.readPausedForWrites
				&& this.writeQueue.queuedBytes() < this.settings.writeHighWaterMark();
	}

	void readDemandChanged() {
		if (this.proxyHeader != null) {
			deliverProxyRemainder();
		}
		if (!this.reading) {
			updateInterest();
		}
	}

	private int desiredInterest() {
		if (this.proxyHeader != null) {
			// Reading the header, or holding the bytes after it until the handler asks: reading more
			// now would overtake them.
			return awaitingProxyHeader() ? IoEvents.READ : (this.writeBlocked ? IoEvents.WRITE : 0);
		}
		return ((this.inbound.wantsData() && !this.readPausedForWrites) ? IoEvents.READ : 0)
				| (this.writeBlocked ? IoEvents.WRITE : 0);
	}

	private void updateInterest() {
		if (!this.registered || this.closed) {
			return;
		}
		int desired = desiredInterest();
		if (desired == this.interest) {
			return;
		}
		if ((this.interest & IoEvents.READ) != 0 && (desired & IoEvents.READ) == 0 && !this.inbound.isDone()) {
			this.stats.pausedForBackpressure();
		}
		if (this.timeoutTimer != null && (desired & IoEvents.READ) != 0 && (this.interest & IoEvents.READ) == 0) {
			this.lastReadNanos = System.nanoTime();
		}
		int rc = this.loop.modify(this, desired);
		if (rc < 0) {
			closeNow(CloseReason.RESET, new IOException("epoll_ctl(MOD) failed: " + Errno.describe(-rc)));
			return;
		}
		this.interest = desired;
	}

	// ---- writing

	long queuedBytes() {
		return this.writeQueue.queuedBytes();
	}

	long bytesEnqueued() {
		return this.bytesEnqueued;
	}

	int writeHighWaterMark() {
		return this.settings.writeHighWaterMark();
	}

	/** Whether raw reads go straight to this connection's own write queue and may be lent there. */
	boolean forwardsReads() {
		return this.inbound.forwarding();
	}

	void enqueue(ByteBuffer buffer) {
		if (this.timeoutTimer != null && this.writeQueue.isEmpty()) {
			// The write timeout measures lack of progress of queued bytes, from the time they queue.
			this.lastWriteNanos = System.nanoTime();
		}
		this.bytesEnqueued += buffer.remaining();
		this.writeQueue.add(buffer);
		if (!this.flushScheduled && !this.writeBlocked) {
			this.flushScheduled = true;
			this.loop.runAtEndOfBatch(this);
		}
		else if (this.writeBlocked && !this.readPausedForWrites
				&& this.writeQueue.queuedBytes() >= this.settings.writeHighWaterMark()) {
			// No flush will come before EPOLLOUT to settle the pause: a level-triggered EPOLLIN
			// that is not read would wake the loop again and again.
			this.readPausedForWrites = true;
			readDemandChanged();
		}
	}

	private void flush() {
		if (this.closed) {
			return;
		}
		LoopBuffers buffers = this.loop.buffers();
		long writtenBefore = this.bytesWritten;
		boolean blocked = false;
		while (!this.writeQueue.isEmpty()) {
			long n;
			try {
				n = writeSocket(this.writeQueue, buffers);
			}
			catch (IOException ex) {
				closeNow(CloseReason.RESET, ex);
				return;
			}
			if (n > 0) {
				this.bytesWritten += n;
				this.stats.sent(n);
			}
			if (this.writeQueue.lastWritePartial()) {
				blocked = true;
				break;
			}
		}
		if (this.timeoutTimer != null && this.bytesWritten != writtenBefore) {
			this.lastWriteNanos = System.nanoTime();
		}
		long queued = this.writeQueue.queuedBytes();
		boolean pauseReading = this.readPausedForWrites ? queued > this.settings.writeLowWaterMark()
				: queued >= this.settings.writeHighWaterMark();
		if (blocked != this.writeBlocked || pauseReading != this.readPausedForWrites) {
			this.writeBlocked = blocked;
			this.readPausedForWrites = pauseReading;
			updateInterest();
		}
		writeProgressed();
	}

	private void writeProgressed() {
		if (this.outbound != null) {
			boolean belowLowWaterMark = this.writeQueue.queuedBytes() <= this.settings.writeLowWaterMark();
			if (this.moreOutbounds == null) {
				progressed(this.outbound, belowLowWaterMark);
			}
			else {
				for (OutboundSubscriber outbound : outboundsSnapshot()) {
					progressed(outbound, belowLowWaterMark);
				}
			}
		}
		if (this.closeAfterFlush && this.writeQueue.isEmpty() && !this.closed) {
			closeNow(gracefulReason(this.closeAfterFlushReason), null);
		}
	}

	private void progressed(OutboundSubscriber outbound, boolean belowLowWaterMark) {
		if (!outbound.flushedUpTo(this.bytesWritten) && belowLowWaterMark) {
			outbound.resume();
		}
	}

	/** A copy to iterate over: completing a send may end others or close the connection. */
	private List<OutboundSubscriber> outboundsSnapshot() {
		if (this.outbound == null) {
			return List.of();
		}
		List<OutboundSubscriber> all = new ArrayList<>(2 + ((this.moreOutbounds != null) ? this.moreOutbounds.size() : 0));
		all.add(this.outbound);
		if (this.moreOutbounds != null) {
			all.addAll(this.moreOutbounds);
		}
		return all;
	}

	private void startSend(OutboundSubscriber outbound, Publisher<ByteBuffer> source) {
		if (outboundStarted(outbound)) {
			source.subscribe(outbound);
		}
	}

	boolean outboundStarted(OutboundSubscriber outbound) {
		if (this.closed) {
			outbound.connectionClosed(null);
			return false;
		}
		if (this.outbound == null) {
			this.outbound = outbound;
		}
		else {
			if (this.moreOutbounds == null) {
				this.moreOutbounds = new ArrayList<>(2);
			}
			this.moreOutbounds.add(outbound);
		}
		return true;
	}

	void outboundEnded(OutboundSubscriber outbound) {
		if (this.outbound == outbound) {
			this.outbound = (this.moreOutbounds != null) ? this.moreOutbounds.remove(0) : null;
		}
		else if (this.moreOutbounds != null) {
			this.moreOutbounds.remove(outbound);
		}
		if (this.moreOutbounds != null && this.moreOutbounds.isEmpty()) {
			this.moreOutbounds = null;
		}
	}

	void awaitFlush(OutboundSubscriber outbound) {
		outbound.flushedUpTo(this.bytesWritten);
	}

	void pausedAboveHighWaterMark(OutboundSubscriber outbound) {
		this.stats.pausedForBackpressure();
	}

	// ---- endings

	private void checkTimeouts() {
		if (this.closed) {
			return;
		}
		long now = System.nanoTime();
		String expired = expiredTimeout(now);
		if (expired != null) {
			logger.debug("Closing connection {} of server '{}': {} timeout", this.id, this.settings.serverName(),
					expired);
			closeNow(CloseReason.TIMEOUT, new IOException(expired + " timeout"));
			return;
		}
		this.timeoutTimer = this.loop.schedule(this::checkTimeouts, nextTimeoutCheck(now));
	}

	private String expiredTimeout(long now) {
		ConnectionSettings s = this.settings;
		if (s.idleTimeoutNanos() > 0 && now - Math.max(this.lastReadNanos, this.lastWriteNanos) >= s.idleTimeoutNanos()) {
			return "Idle";
		}
		// Only while the handler wants bytes: a pause for back-pressure is ours, not the peer's.
		if (s.readTimeoutNanos() > 0 && this.inbound.wantsData() && !this.readPausedForWrites
				&& now - this.lastReadNanos >= s.readTimeoutNanos()) {
			return "Read";
		}
		if (s.writeTimeoutNanos() > 0 && !this.writeQueue.isEmpty()
				&& now - this.lastWriteNanos >= s.writeTimeoutNanos()) {
			return "Write";
		}
		return null;
	}

	/** Delay until the earliest moment a timeout could expire, given the activity so far. */
	private long nextTimeoutCheck(long now) {
		ConnectionSettings s = this.settings;
		long next = Long.MAX_VALUE;
		if (s.idleTimeoutNanos() > 0) {
			next = Math.min(next, Math.max(this.lastReadNanos, this.lastWriteNanos) + s.idleTimeoutNanos() - now);
		}
		if (s.readTimeoutNanos() > 0) {
			next = Math.min(next, this.lastReadNanos + s.readTimeoutNanos() - now);
		}
		if (s.writeTimeoutNanos() > 0) {
			// Queued bytes may appear at any time: check at least once per write timeout.
			next = Math.min(next, this.writeQueue.isEmpty() ? s.writeTimeoutNanos()
					: this.lastWriteNanos + s.writeTimeoutNanos() - now);
		}
		return Math.max(next, 1_000_000);
	}

	private void closeGracefully(CloseReason reason) {
		if (this.closed) {
			return;
		}
		if (this.writeQueue.isEmpty()) {
			closeNow(gracefulReason(reason), null);
		}
		else if (!this.closeAfterFlush) {
			// The first reason given wins: a handler completing after closing for a bad frame
			// must not turn the close into an ordinary one.
			this.closeAfterFlush = true;
			this.closeAfterFlushReason = reason;
		}
	}

	/** An ordinary close after the peer finished sending is the peer's doing. */
	private CloseReason gracefulReason(CloseReason reason) {
		return (reason == CloseReason.COMPLETED && this.peerClosed) ? CloseReason.PEER_CLOSED : reason;
	}

	private void handlerFailed(Throwable failure) {
		if (this.closed) {
			return; // a consequence of the close, not a fault of the handler
		}
		if (isFrameError(failure)) {
			// The peer broke the protocol; the handler did nothing wrong. The message says what was
			// wrong with the frame, never its bytes.
			this.serverStats.frameRejected();
			this.settings.warnings().warn("Server '{}' closing connection {}: {}", this.settings.serverName(), this.id,
					failure.getMessage());
			// Replies already queued for the frames before the bad one are flushed first: bad input
			// ends the connection but loses nothing the server already answered.
			closeAfterFault(CloseReason.BAD_FRAME);
			return;
		}
		this.serverStats.handlerFailed();
		// Rate-limited too: the failure may follow from what the peer sent, so each one could be
		// bought with a connect and a few bytes. The stack trace stays, for the first of a burst.
		this.settings.warnings().warn("Handler of server '{}' failed on connection {}; closing it",
				this.settings.serverName(), this.id, failure);
		// Answers to the requests before the failing one are already queued: they are sent first.
		closeAfterFault(CloseReason.HANDLER_ERROR);
	}

	/**
	 * Closes once what is queued has been written, but within {@link #FAULT_CLOSE_FLUSH_NANOS} (or
	 * the write timeout, if shorter): a peer that stops reading must not hold a connection that is
	 * ending for a fault. Its idle, read and write timeouts are over by then, so the deadline takes
	 * their timer.
	 */
	private void closeAfterFault(CloseReason reason) {
		closeGracefully(reason);
		if (this.closed) {
			return;
		}
		if (this.timeoutTimer != null) {
			this.timeoutTimer.cancel();
		}
		long writeTimeout = this.settings.writeTimeoutNanos();
		this.timeoutTimer = this.loop.schedule(() -> closeNow(this.closeAfterFlushReason, null),
				(writeTimeout > 0) ? Math.min(writeTimeout, FAULT_CLOSE_FLUSH_NANOS) : FAULT_CLOSE_FLUSH_NANOS);
	}

	private static boolean isFrameError(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof FrameException frame) {
				// An encoder rejecting what the handler sent is the handler's fault, not the peer's.
				return !frame.isOutbound();
			}
		}
		return false;
	}

	private void closeNow(CloseReason reason, Throwable cause) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.registered) {
			this.loop.deregister(this);
		}
		closeSocket();
		this.writeQueue.clear(this.loop.buffers());
		if (this.timeoutTimer != null) {
			this.timeoutTimer.cancel();
		}
		this.stats.connectionClosed(reason);
		this.onClosed.accept(this.id);
		if (this.closeListener != null) {
			try {
				this.closeListener.closed(reason);
			}
			catch (RuntimeException ex) {
				ConnectionListeners.failed(this.settings.warnings(), this, ex);
			}
		}
		this.inbound.closed(cause);
		List<OutboundSubscriber> sends = outboundsSnapshot();
		this.outbound = null;
		this.moreOutbounds = null;
		for (OutboundSubscriber send : sends) {
			send.connectionClosed(cause);
		}
		if (this.handling != null) {
			this.handling.cancel();
		}
		Sinks.Empty<Void> sink;
		synchronized (this) {
			sink = this.closeSink;
		}
		if (sink != null) {
			sink.tryEmitEmpty();
		}
	}

	@Override
	public String toString() {
		return "Connection " + this.id + " of server '" + this.settings.serverName() + "'"
				+ ((this.fd >= 0) ? " on fd " + this.fd : "");
	}

	/**
	 * A connection's PROXY protocol phase: the header's reader and the handler to run after it, then
	 * only the bytes that followed the header until the handler takes them.
	 */
	private record ProxyHeaderWait(ProxyHeaderReader reader, ConnectionHandler handler, ByteBuffer remainder) {

		ProxyHeaderWait(ProxyHeaderReader reader, ConnectionHandler handler) {
			this(reader, handler, null);
		}

	}

	/** Follows the handler's publisher: completion closes gracefully, an error closes at once. */
	private final class Handling extends HandlerSubscriber {

		@Override
		protected boolean connectionEnded() {
			return LoopConnection.this.closed;
		}

		@Override
		public void onError(Throwable failure) {
			runOnLoop(() -> {
				handlerEnded();
				handlerFailed(failure);
			});
		}

		@Override
		public void onComplete() {
			runOnLoop(() -> {
				handlerEnded();
				closeGracefully(CloseReason.COMPLETED);
			});
		}

	}

}
