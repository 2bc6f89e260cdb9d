package dev.sockloop.internal.transport;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.IoEvents;
import dev.sockloop.internal.loop.LoopChannel;
import dev.sockloop.internal.loop.ScheduledTask;
import dev.sockloop.stats.ServerLoopStats;

/**
 * A listening socket of a server on one loop, whatever the transport: what both transports share
 * is pausing (an accept that keeps failing would otherwise be reported again at once and spin the
 * loop) and closing. What it accepts goes to its {@link Acceptor}. Loop thread only, except
 * {@link #loop()} and {@link #boundAddress()}.
 */
public abstract class Listener extends LoopChannel {

	/** Accepts per ready event at most, so that a connect flood cannot starve established connections. */
	protected static final int MAX_ACCEPTS_PER_EVENT = 64;

	/** Batches accepted at most when a listener closes: its queue holds up to the backlog. */
	private static final int MAX_DRAIN_BATCHES = 1024;

	/** How long a listener stops listening after an accept failed. */
	protected static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** Where accepted connections go. */
	protected final Acceptor acceptor;

	/** The loop the listener runs on. */
	protected final EventLoop loop;

	/** The server's counters on this loop. */
	protected final ServerLoopStats stats;

	private final SocketAddress boundAddress;

	private boolean closed;

	private ScheduledTask resumeTimer;

	/** The local address of the last connection accepted, for {@link #shareLocalAddress}. Loop only. */
	private SocketAddress lastLocalAddress;

	/**
	 * Returns the address an earlier connection already holds when it is equal to this one. The
	 * connections of a listener bound to a wildcard address almost all have the same local address,
	 * and a copy of it per connection would cost about 100 bytes of every idle connection.
	 * @param local a connection's local address
	 * @return an equal address that earlier connections share, or {@code local}
	 */
	protected final SocketAddress shareLocalAddress(SocketAddress local) {
		SocketAddress last = this.lastLocalAddress;
		if (local != null && local.equals(last)) {
			return last;
		}
		this.lastLocalAddress = local;
		return local;
	}

	/**
	 * Creates a listener on a bound, listening fd.
	 * @param fd the socket
	 * @param loop the loop it runs on
	 * @param acceptor where accepted connections go
	 * @param boundAddress the address the socket is bound to (its actual port)
	 */
	protected Listener(int fd, EventLoop loop, Acceptor acceptor, SocketAddress boundAddress) {
		super(fd);
		this.acceptor = acceptor;
		this.loop = loop;
		this.stats = acceptor.owner().stats(loop);
		this.boundAddress = boundAddress;
	}

	/**
	 * Creates a listener with no fd, for a transport of JDK channels, which holds the socket.
	 * @param loop the loop it runs on
	 * @param acceptor where accepted connections go
	 * @param boundAddress the address the socket is bound to (its actual port)
	 */
	protected Listener(EventLoop loop, Acceptor acceptor, SocketAddress boundAddress) {
		super();
		this.acceptor = acceptor;
		this.loop = loop;
		this.stats = acceptor.owner().stats(loop);
		this.boundAddress = boundAddress;
	}

	/**
	 * The loop the listener runs on.
	 * @return the loop
	 */
	public final EventLoop loop() {
		return this.loop;
	}

	/**
	 * The address the socket is bound to, with the port the kernel chose for port 0.
	 * @return an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
	 */
	public final SocketAddress boundAddress() {
		return this.boundAddress;
	}

	/**
	 * The name of the server, for messages.
	 * @return the name
	 */
	protected final String serverName() {
		return this.acceptor.owner().settings().serverName();
	}

	/**
	 * Starts listening: adds the socket to the loop's interest set, unless the listener was closed
	 * while this task waited in the queue (its fd number may belong to someone else by now).
	 */
	public final void listen() {
		if (!this.closed) {
			this.loop.register(this, IoEvents.READ);
		}
	}

	/** Stops listening for {@link #PAUSE_NANOS}, then listens again unless closed meanwhile. */
	protected final void pause() {
		if (this.resumeTimer != null || this.closed) {
			return;
		}
		this.loop.modify(this, 0);
		this.resumeTimer = this.loop.schedule(() -> {
			this.resumeTimer = null;
			if (!this.closed) {
				this.loop.modify(this, IoEvents.READ);
			}
		}, PAUSE_NANOS);
	}

	/**
	 * Stops listening and releases the socket. The only place a listening socket is closed, and it
	 * runs on the loop, after any registration queued before it: closing from another thread could
	 * free the fd number while a queued task still refers to it.
	 */
	public final void close() {
		if (this.closed) {
			return;
		}
		if (this.acceptor.isAdmitting()) {
			// Connections whose handshake completed wait in this socket's queue, and closing it resets
			// them (unless net.ipv4.tcp_migrate_req moves them to another socket sharing the port):
			// a server handing its port over takes them first, while it still admits.
			for (int i = 0; i < MAX_DRAIN_BATCHES && acceptBatch(); i++) {
				// more may be queued
			}
		}
		this.closed = true;
		if (this.resumeTimer != null) {
			this.resumeTimer.cancel();
		}
		this.loop.deregister(this);
		releaseSockets();
	}

	/** Closes the listening socket and whatever else the transport holds for it. */
	protected abstract void releaseSockets();

	/**
	 * Accepts what is queued, {@link #MAX_ACCEPTS_PER_EVENT} connections at most.
	 * @return {@code true} if the batch was full, so that more may be queued
	 */
	protected abstract boolean acceptBatch();

	@Override
	protected final void onReady(int readyEvents) {
		acceptBatch();
	}

	@Override
	protected final void onFailure(Throwable failure) {
		// Accepting never runs user code; keep listening.
	}

	@Override
	protected final void onLoopShutdown() {
		close();
	}

}
