package dev.sockloop.internal.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.connection.ConnectionSettings;
import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.log.RateLimitedLog;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.Acceptor;
import dev.sockloop.internal.transport.ConnectionOwner;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.transport.EventLoopGroup;

/**
 * A server's admission: whether an accepted connection may open (the server runs and is under its
 * connection limit), the loop it opens on, the handler it runs, and the count of open connections
 * that a graceful stop waits to fall to zero. Its listeners call it; it knows nothing of them.
 */
public final class ServerAcceptor implements Acceptor {

	/** Logged as the server, where operators look for it. */
	private static final Logger logger = LoggerFactory.getLogger("dev.sockloop.server.SocketServer");

	/** Ids unique across the servers of the process. */
	private static final AtomicLong connectionIds = new AtomicLong();

	private final String name;

	private final int maxConnections;

	private final EventLoopGroup group;

	/** One listener hands connections to the loops in turn (also for Unix sockets: no SO_REUSEPORT). */
	private final boolean roundRobin;

	private final ConnectionHandler handler;

	private final ConnectionOwner owner;

	private final ConnectionRegistry registry;

	private final AtomicInteger openConnections = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean();

	private final RateLimitedLog acceptLog = new RateLimitedLog(logger);

	private final RateLimitedLog limitLog = new RateLimitedLog(logger);

	public ServerAcceptor(ServerConfig config, ConnectionSettings settings, ServerStats stats, EventLoopGroup group,
			boolean roundRobin, ConnectionRegistry registry, ConnectionHandler handler) {
		this.name = config.name();
		this.maxConnections = config.maxConnections();
		this.group = group;
		this.roundRobin = roundRobin;
		this.handler = handler;
		this.registry = registry;
		// One callback shared by every connection, rather than a method reference allocated per accept.
		this.owner = new ConnectionOwner(settings, stats, connectionIds, this::connectionClosed);
	}

	/** Starts admitting, once every listener listens. */
	public void open() {
		this.running.set(true);
	}

	/** @return {@code false} if admitting had already stopped */
	public boolean close() {
		return this.running.compareAndSet(true, false);
	}

	public boolean isOpen() {
		return this.running.get();
	}

	@Override
	public boolean isAdmitting() {
		return this.running.get();
	}

	public boolean isRoundRobin() {
		return this.roundRobin;
	}

	public int openConnections() {
		return this.openConnections.get();
	}

	@Override
	public ConnectionOwner owner() {
		return this.owner;
	}

	@Override
	public EventLoop admit(EventLoop acceptingLoop) {
		int max = this.maxConnections;
		// Taken first and given back when over: with a listener per loop, a check followed by an
		// increment would let several loops past the limit at once.
		int open = this.openConnections.incrementAndGet();
		if (!this.running.get() || (max > 0 && open > max)) {
			released();
			this.owner.stats(acceptingLoop).connectionRejected();
			if (this.running.get()) {
				this.limitLog.warn("Server '" + this.name + "' is at its limit of " + max
						+ " connections; closing new ones at once");
			}
			return null;
		}
		return this.roundRobin ? this.group.next() : acceptingLoop;
	}

	@Override
	public void start(LoopConnection connection) {
		connection.start(this.handler);
	}

	@Override
	public void warn(String message) {
		this.acceptLog.warn(message);
	}

	private void connectionClosed(long id) {
		this.registry.closed(id);
		released();
	}

	private void released() {
		// Also while running: a paused server's drain waits for zero. Reaching zero is rare enough
		// for an uncontended monitor to cost nothing that matters.
		if (this.openConnections.decrementAndGet() == 0) {
			wakeWaiters();
		}
	}

	/** Wakes the waits of {@link #awaitNoConnections(long, BooleanSupplier)} to check their condition. */
	public void wakeWaiters() {
		synchronized (this.openConnections) {
			this.openConnections.notifyAll();
		}
	}

	/** Waits for the connections to close; an interrupt does not shorten the grace period, and is kept. */
	public boolean awaitNoConnections(long deadlineNanos) {
		return awaitNoConnections(deadlineNanos, () -> true);
	}

	/**
	 * Waits for the connections to close while {@code stillWaiting} holds (checked on every
	 * {@link #wakeWaiters()}); an interrupt does not shorten the grace period, and is kept.
	 * @return {@code true} if no connection was open when the wait ended
	 */
	public boolean awaitNoConnections(long deadlineNanos, BooleanSupplier stillWaiting) {
		boolean interrupted = false;
		try {
			synchronized (this.openConnections) {
				while (this.openConnections.get() > 0 && stillWaiting.getAsBoolean()) {
					long left = deadlineNanos - System.nanoTime();
					if (left <= 0) {
						return false;
					}
					try {
						TimeUnit.NANOSECONDS.timedWait(this.openConnections, left);
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
				}
			}
			return this.openConnections.get() == 0;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
