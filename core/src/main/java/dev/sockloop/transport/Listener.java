package dev.sockloop.transport;

import java.nio.channels.SelectableChannel;
import java.util.concurrent.TimeUnit;

import dev.sockloop.linux.Epoll;
import dev.sockloop.loop.EventLoop;
import dev.sockloop.loop.LoopChannel;
import dev.sockloop.loop.ScheduledTask;
import dev.sockloop.stats.ServerLoopStats;

/**
 * A listening socket of a server on one loop, whatever the transport: what both transports share
 * is pausing (an accept that keeps failing would otherwise be reported again at once and spin the
 * loop) and closing. Loop thread only.
 */
abstract class Listener extends LoopChannel {

	/** Accepts per ready event at most, so that a connect flood cannot starve established connections. */
	static final int MAX_ACCEPTS_PER_EVENT = 64;

	static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	final SocketServer server;

	final EventLoop loop;

	final ServerLoopStats stats;

	private boolean closed;

	private ScheduledTask resumeTimer;

	Listener(int fd, SocketServer server, EventLoop loop) {
		super(fd);
		this.server = server;
		this.loop = loop;
		this.stats = server.stats().loop(loop.index());
	}

	Listener(SelectableChannel channel, SocketServer server, EventLoop loop) {
		super(channel);
		this.server = server;
		this.loop = loop;
		this.stats = server.stats().loop(loop.index());
	}

	/** @return the loop the listener runs on */
	final EventLoop loop() {
		return this.loop;
	}

	/**
	 * Starts listening: adds the socket to the loop's interest set, unless the listener was closed
	 * while this task waited in the queue (its fd number may belong to someone else by now).
	 */
	final void listen() {
		if (!this.closed) {
			this.loop.register(this, Epoll.EPOLLIN);
		}
	}

	/** Stops listening for {@link #PAUSE_NANOS}, then listens again unless closed meanwhile. */
	final void pause() {
		if (this.resumeTimer != null || this.closed) {
			return;
		}
		this.loop.modify(this, 0);
		this.resumeTimer = this.loop.schedule(() -> {
			this.resumeTimer = null;
			if (!this.closed) {
				this.loop.modify(this, Epoll.EPOLLIN);
			}
		}, PAUSE_NANOS);
	}

	/**
	 * Stops listening and releases the socket. The only place a listening socket is closed, and it
	 * runs on the loop, after any registration queued before it: closing from another thread could
	 * free the fd number while a queued task still refers to it.
	 */
	final void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.resumeTimer != null) {
			this.resumeTimer.cancel();
		}
		this.loop.deregister(this);
		releaseSockets();
	}

	/** Closes the listening socket and whatever else the transport holds for it. */
	abstract void releaseSockets();

	@Override
	protected final void onFailure(Throwable failure) {
		// Accepting never runs user code; keep listening.
	}

	@Override
	protected final void onLoopShutdown() {
		close();
	}

}
