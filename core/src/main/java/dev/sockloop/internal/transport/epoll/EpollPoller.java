package dev.sockloop.internal.transport.epoll;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.internal.linux.NativeMemory;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.IoEvents;
import dev.sockloop.internal.loop.LoopChannel;
import dev.sockloop.internal.loop.Poller;

/**
 * The epoll transport's poller: one epoll fd, level-triggered, and an eventfd for wake-ups. Channels
 * are found by fd in a plain array; the generation stored beside the fd in {@code epoll_data}
 * rejects events for an fd closed and reused within one batch. {@link IoEvents} bits are epoll's own,
 * so interest and readiness pass through untranslated.
 */
public final class EpollPoller extends Poller {

	private static final int MAX_EVENTS = 512;

	private final EventLoop loop;

	private final int epollFd;

	private final WakeupChannel wakeup;

	private final EpollEventArray events = new EpollEventArray(MAX_EVENTS);

	/** Channels by fd: a plain array rather than a map, one lookup per event. */
	private LoopChannel[] channels = new LoopChannel[1024];

	private int nextGeneration;

	/** Written by the loop thread only; volatile for readers elsewhere, and rare enough to cost nothing. */
	private volatile long reusedFdEventsSkipped;

	/**
	 * Creates the poller of a loop: an epoll fd and an eventfd.
	 * @param loop the loop
	 */
	public EpollPoller(EventLoop loop) {
		this.loop = loop;
		this.epollFd = Epoll.create();
		try {
			this.wakeup = new WakeupChannel(Epoll.createEventFd());
			register(this.wakeup, IoEvents.READ);
		}
		catch (RuntimeException ex) {
			Sockets.close(this.epollFd);
			throw ex;
		}
	}

	@Override
	protected int poll(int timeoutMillis) {
		int ready = Epoll.wait(this.epollFd, this.events, timeoutMillis);
		if (ready == -Errno.EINTR) {
			return -1;
		}
		if (ready < 0) {
			throw new NativeCallException("epoll_wait", -ready);
		}
		return ready;
	}

	@Override
	protected void dispatch(int ready) {
		LoopChannel[] table = this.channels;
		for (int i = 0; i < ready; i++) {
			long data = this.events.data(i);
			int fd = (int) data;
			int generation = (int) (data >>> 32);
			// 'channels' may grow while dispatching; re-read it for fds beyond the old table.
			if (fd >= table.length) {
				table = this.channels;
			}
			LoopChannel channel = (fd < table.length) ? table[fd] : null;
			if (channel == null || generation(channel) != generation) {
				if (channel != null) {
					// The fd was closed and taken by a new channel earlier in this batch.
					this.reusedFdEventsSkipped++;
				}
				continue; // fd closed (and maybe reused) earlier in this batch
			}
			try {
				deliver(channel, this.events.events(i));
			}
			catch (Throwable ex) {
				channelFailed(this.loop, channel, ex);
			}
		}
	}

	@Override
	protected long reusedFdEventsSkipped() {
		return this.reusedFdEventsSkipped;
	}

	@Override
	protected void wakeUp() {
		Epoll.signal(this.wakeup.fd(), this.wakeup.signalAddress);
	}

	@Override
	protected void register(LoopChannel channel, int interest) {
		int fd = channel.fd();
		if (fd >= this.channels.length) {
			this.channels = Arrays.copyOf(this.channels, Math.max(fd + 1, this.channels.length * 2));
		}
		int generation = ++this.nextGeneration;
		generation(channel, generation);
		int rc = Epoll.add(this.epollFd, fd, interest, tag(fd, generation), this.events);
		if (rc < 0) {
			throw new NativeCallException("epoll_ctl(ADD)", -rc);
		}
		this.channels[fd] = channel;
		this.loop.stats().fdsChanged(1);
	}

	@Override
	protected int modify(LoopChannel channel, int interest) {
		int fd = channel.fd();
		return Epoll.modify(this.epollFd, fd, interest, tag(fd, generation(channel)), this.events);
	}

	@Override
	protected void deregister(LoopChannel channel) {
		int fd = channel.fd();
		if (fd < this.channels.length && this.channels[fd] == channel) {
			this.channels[fd] = null;
			this.loop.stats().fdsChanged(-1);
		}
	}

	@Override
	protected void unregister(LoopChannel channel) {
		Epoll.remove(this.epollFd, channel.fd());
		deregister(channel);
	}

	@Override
	protected void forEachChannel(Consumer<LoopChannel> action) {
		for (LoopChannel channel : this.channels.clone()) {
			if (channel != null && channel != this.wakeup) {
				action.accept(channel);
			}
		}
	}

	@Override
	protected void close() {
		Arrays.fill(this.channels, null);
		Sockets.close(this.wakeup.fd());
		Sockets.close(this.epollFd);
	}

	private static long tag(int fd, int generation) {
		return ((long) generation << 32) | (fd & 0xFFFFFFFFL);
	}

	/** The eventfd other threads write to wake the loop; level-triggered, so always drained. */
	private final class WakeupChannel extends LoopChannel {

		/** Holds the constant 1 that a wake-up adds to the eventfd counter. */
		private final ByteBuffer signalValue = NativeMemory.allocate(8).putLong(0, 1L);

		private final long signalAddress = NativeMemory.address(this.signalValue);

		private final ByteBuffer drainScratch = NativeMemory.allocate(8);

		private final long drainAddress = NativeMemory.address(this.drainScratch);

		WakeupChannel(int fd) {
			super(fd);
		}

		@Override
		protected void onReady(int readyEvents) {
			Epoll.drain(this.fd, this.drainAddress);
			wokenByTask(EpollPoller.this.loop);
		}

		@Override
		protected void onFailure(Throwable failure) {
		}

		@Override
		protected void onLoopShutdown() {
		}

	}

}
