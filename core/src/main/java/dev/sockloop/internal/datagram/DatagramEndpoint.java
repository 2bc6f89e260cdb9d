package dev.sockloop.internal.datagram;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.IoEvents;
import dev.sockloop.internal.loop.LoopChannel;
import dev.sockloop.internal.loop.ScheduledTask;
import dev.sockloop.stats.DatagramLoopStats;

/**
 * One bound UDP socket of a datagram server on one loop, whatever the transport. It reads only as
 * many datagrams as its handler asked for (none at all without demand: they wait in the kernel,
 * which drops what does not fit), queues what the handler emits up to the write high-water mark and
 * sends it at the end of the loop iteration, so that the replies to a batch of reads leave in one
 * batch of writes; on a full send buffer it waits for writability. A handler that fails is
 * subscribed again after {@link #RESTART_DELAY_NANOS} with a fresh inbound.
 *
 * <p>Each transport reads and writes batches in its own way ({@link #receiveBatch},
 * {@link #sendBatch}). Loop thread only, except {@link #loop()}, {@link #boundAddress()} and
 * {@link #isFinished()}.
 */
public abstract class DatagramEndpoint extends LoopChannel {

	/** Datagrams per read or write call at most: one {@code recvmmsg}/{@code sendmmsg} vector. */
	protected static final int BATCH = 32;

	/** Read calls per ready event at most, so that one busy socket cannot starve the loop's others. */
	private static final int MAX_BATCHES_PER_EVENT = 8;

	/** How long a failed handler waits before it is subscribed again: a handler failing at once must not spin. */
	private static final long RESTART_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** The largest UDP payload over IPv4 (65,535 minus the IP and UDP headers). */
	protected static final int MAX_UDP_PAYLOAD = 65_507;

	/** The loop the socket runs on. */
	protected final EventLoop loop;

	/** What the server's sockets share. */
	protected final DatagramSettings settings;

	/** The server's counters on this loop. */
	protected final DatagramLoopStats stats;

	private final InetSocketAddress boundAddress;

	private final ArrayDeque<Datagram> sendQueue = new ArrayDeque<>();

	private final Datagram[] batch = new Datagram[BATCH];

	private long queuedBytes;

	private DatagramInbound inbound;

	private DatagramOutbound outbound;

	private ScheduledTask restart;

	/** The interest registered with the loop; -1 until registered. */
	private int interest = -1;

	private boolean writeBlocked;

	private boolean flushScheduled;

	private boolean stopping;

	private boolean closed;

	/** Stopping, and nothing left to send: the server may close it. */
	private volatile boolean finished;

	/**
	 * Creates an endpoint on an open, bound fd.
	 * @param fd the socket
	 * @param loop the loop it runs on
	 * @param settings what the server's sockets share
	 * @param boundAddress the address it is bound to
	 */
	protected DatagramEndpoint(int fd, EventLoop loop, DatagramSettings settings, InetSocketAddress boundAddress) {
		super(fd);
		this.loop = loop;
		this.settings = settings;
		this.stats = settings.stats().loop(loop.index());
		this.boundAddress = boundAddress;
	}

	/**
	 * Creates an endpoint with no fd, for a transport of JDK channels, which holds the socket.
	 * @param loop the loop it runs on
	 * @param settings what the server's sockets share
	 * @param boundAddress the address it is bound to
	 */
	protected DatagramEndpoint(EventLoop loop, DatagramSettings settings, InetSocketAddress boundAddress) {
		this(-1, loop, settings, boundAddress);
	}

	/** @return the loop the socket runs on */
	public final EventLoop loop() {
		return this.loop;
	}

	/** @return the address the socket is bound to, with the port the kernel chose for port 0 */
	public final InetSocketAddress boundAddress() {
		return this.boundAddress;
	}

	final DatagramSettings settings() {
		return this.settings;
	}

	final long queuedBytes() {
		return this.queuedBytes;
	}

	final void runOnLoop(Runnable task) {
		if (this.loop.inLoop()) {
			task.run();
		}
		else {
			this.loop.execute(task);
		}
	}

	/** Registers the socket with its loop and subscribes the handler, unless closed meanwhile. */
	public final void start() {
		if (this.closed) {
			return;
		}
		this.loop.register(this, 0);
		this.interest = 0;
		subscribeHandler();
	}

	private void subscribeHandler() {
		this.restart = null;
		if (this.stopping || this.closed) {
			return;
		}
		DatagramInbound datagrams = new DatagramInbound(this);
		DatagramOutbound replies = new DatagramOutbound(this);
		this.inbound = datagrams;
		this.outbound = replies;
		try {
			Publisher<Datagram> publisher = this.settings.handler().handle(datagrams);
			if (publisher == null) {
				throw new NullPointerException("The handler returned null instead of a Publisher");
			}
			Flux.from(publisher).subscribe(replies);
		}
		catch (Throwable ex) {
			handlerFailed(replies, ex);
		}
	}

	@Override
	protected final void onReady(int readyEvents) {
		if ((readyEvents & IoEvents.ERROR) != 0) {
			clearError();
		}
		if ((readyEvents & IoEvents.WRITE) != 0 && this.writeBlocked) {
			this.writeBlocked = false;
			flush();
		}
		if ((readyEvents & IoEvents.READ) != 0) {
			receive();
		}
		updateInterest();
	}

	private void receive() {
		for (int i = 0; i < MAX_BATCHES_PER_EVENT && !this.closed; i++) {
			DatagramInbound datagrams = this.inbound;
			if (datagrams == null || !datagrams.wantsData()) {
				return;
			}
			int max = (int) Math.min(datagrams.demand(), BATCH);
			if (receiveBatch(max) < max) {
				return;
			}
		}
	}

	/**
	 * Reads up to {@code max} datagrams, handing each to {@link #deliver}, {@link #truncated} or
	 * (for a transport that learns them) {@link #kernelDrops}. Never throws for what a peer sends.
	 * @param max datagrams at most, which the handler has asked for
	 * @return datagrams read, fewer than {@code max} when no more were waiting
	 */
	protected abstract int receiveBatch(int max);

	/**
	 * Sends the first {@code count} datagrams of {@code batch}, reporting the ones that cannot be
	 * sent with {@link #sendFailed}.
	 * @param batch the datagrams at the head of the queue
	 * @param count how many of them to try, at least 1
	 * @return how many were consumed (sent, or failed and dropped), 0 when the socket's send buffer is full
	 */
	protected abstract int sendBatch(Datagram[] batch, int count);

	/**
	 * Joins a multicast group. Loop thread only.
	 * @param group the group
	 * @throws RuntimeException if the kernel refuses
	 */
	public abstract void joinGroup(DatagramBind.MulticastGroup group);

	/**
	 * Leaves a multicast group joined before. Loop thread only.
	 * @param group the group
	 * @throws RuntimeException if the kernel refuses
	 */
	public abstract void leaveGroup(DatagramBind.MulticastGroup group);

	/** Clears a pending socket error, which a level-triggered poller would otherwise report forever. */
	protected abstract void clearError();

	/** Closes the socket. */
	protected abstract void closeSocket();

	/**
	 * A datagram was read.
	 * @param payload its bytes, the application's to keep
	 * @param sender who sent it
	 */
	protected final void deliver(ByteBuffer payload, InetSocketAddress sender) {
		this.stats.received(payload.remaining());
		DatagramInbound datagrams = this.inbound;
		DatagramOutbound replies = this.outbound;
		try {
			if (datagrams == null || !datagrams.emit(new Datagram(payload, sender))) {
				this.stats.discarded(1);
			}
		}
		catch (Throwable ex) {
			// A subscriber that throws from onNext breaks the Reactive Streams rules; treat it as a
			// handler failure rather than letting it reach the loop.
			handlerFailed(replies, ex);
		}
	}

	/**
	 * A datagram longer than the maximum size was read and dropped.
	 * @param sender who sent it
	 */
	protected final void truncated(InetSocketAddress sender) {
		this.stats.truncated();
		this.settings.warnings().warn("Datagram server '{}' dropped a datagram from {} longer than its maximum "
				+ "datagram size of {} bytes (sockloop.datagram.truncated counts them)", this.settings.serverName(),
				sender, this.settings.maxDatagramSize());
	}

	/**
	 * The kernel's running count of datagrams this socket lost to a full receive buffer.
	 * @param soFar the count since the socket opened
	 * @param previous the count reported before
	 */
	protected final void kernelDrops(long soFar, long previous) {
		this.stats.kernelDropped(soFar, previous);
	}

	/**
	 * A datagram could not be sent and is dropped.
	 * @param datagram the datagram
	 * @param reason why
	 */
	protected final void sendFailed(Datagram datagram, String reason) {
		this.stats.sendFailed();
		this.settings.warnings().warn("Datagram server '{}' could not send {} bytes to {}: {}",
				this.settings.serverName(), datagram.payload().remaining(), datagram.recipient(), reason);
	}

	/**
	 * A socket call failed for a reason other than an empty or full buffer.
	 * @param call what failed
	 * @param reason why
	 */
	protected final void socketCallFailed(String call, String reason) {
		this.settings.warnings().warn("Datagram server '{}': {} failed: {}", this.settings.serverName(), call, reason);
	}

	final void demandChanged() {
		updateInterest();
	}

	final void enqueue(Datagram datagram) {
		if (this.closed) {
			return;
		}
		this.sendQueue.add(datagram);
		this.queuedBytes += datagram.payload().remaining();
		if (!this.flushScheduled && !this.writeBlocked) {
			this.flushScheduled = true;
			this.loop.runAtEndOfBatch(this);
		}
	}

	@Override
	protected final void onEndOfBatch() {
		this.flushScheduled = false;
		if (!this.writeBlocked) {
			flush();
		}
		updateInterest();
	}

	private void flush() {
		while (!this.sendQueue.isEmpty() && !this.closed) {
			int count = 0;
			for (Datagram datagram : this.sendQueue) {
				this.batch[count++] = datagram;
				if (count == BATCH) {
					break;
				}
			}
			int consumed = sendBatch(this.batch, count);
			Arrays.fill(this.batch, 0, count, null);
			if (consumed == 0) {
				this.writeBlocked = true;
				break;
			}
			for (int i = 0; i < consumed; i++) {
				this.queuedBytes -= this.sendQueue.poll().payload().remaining();
			}
		}
		DatagramOutbound replies = this.outbound;
		if (replies != null) {
			replies.requestMore();
		}
		checkFinished();
	}

	private void updateInterest() {
		if (this.closed || this.interest < 0) {
			return;
		}
		DatagramInbound datagrams = this.inbound;
		boolean read = datagrams != null && datagrams.wantsData();
		int wanted = (read ? IoEvents.READ : 0) | (this.writeBlocked ? IoEvents.WRITE : 0);
		if (wanted != this.interest) {
			if ((this.interest & IoEvents.READ) != 0 && !read) {
				this.stats.pausedForBackpressure();
			}
			this.interest = wanted;
			this.loop.modify(this, wanted);
		}
	}

	final void outboundCompleted(DatagramOutbound replies) {
		if (replies == this.outbound) {
			this.outbound = null;
			checkFinished();
		}
	}

	final void handlerFailed(DatagramOutbound replies, Throwable failure) {
		if (replies == null || replies != this.outbound) {
			return;
		}
		this.settings.stats().handlerFailed();
		this.settings.warnings().warn("Datagram server '{}': handler failed; subscribing it again",
				this.settings.serverName(), failure);
		replies.cancel();
		DatagramInbound datagrams = this.inbound;
		this.inbound = null;
		this.outbound = null;
		if (datagrams != null) {
			datagrams.drop();
		}
		updateInterest();
		if (!this.stopping && !this.closed) {
			this.restart = this.loop.schedule(this::subscribeHandler, RESTART_DELAY_NANOS);
		}
		checkFinished();
	}

	/**
	 * Stops reading and completes the handler's inbound; what is queued is still sent. Once the
	 * handler's publisher has completed and the queue drained, {@link #isFinished()} turns true.
	 */
	public final void completeInbound() {
		this.stopping = true;
		if (this.restart != null) {
			this.restart.cancel();
			this.restart = null;
		}
		DatagramInbound datagrams = this.inbound;
		if (datagrams != null) {
			datagrams.complete();
		}
		updateInterest();
		checkFinished();
	}

	private void checkFinished() {
		if (this.stopping && this.outbound == null && this.sendQueue.isEmpty()) {
			this.finished = true;
		}
	}

	/**
	 * Whether the endpoint has nothing left to do after {@link #completeInbound()}. Any thread.
	 * @return {@code true} once its handler completed and its queue drained, or it closed
	 */
	public final boolean isFinished() {
		return this.finished;
	}

	/**
	 * Closes the socket, cancelling the handler and dropping what is still queued. The only place the
	 * socket is closed, on the loop.
	 */
	public final void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.finished = true;
		if (this.restart != null) {
			this.restart.cancel();
			this.restart = null;
		}
		DatagramOutbound replies = this.outbound;
		this.outbound = null;
		if (replies != null) {
			replies.cancel();
		}
		DatagramInbound datagrams = this.inbound;
		this.inbound = null;
		if (datagrams != null) {
			datagrams.complete();
		}
		this.sendQueue.clear();
		this.queuedBytes = 0;
		if (this.interest >= 0) {
			this.loop.deregister(this);
		}
		closeSocket();
	}

	@Override
	protected final void onFailure(Throwable failure) {
		close();
	}

	@Override
	protected final void onLoopShutdown() {
		close();
	}

}
