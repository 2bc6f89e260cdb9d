package dev.sockloop.internal.loop;

/**
 * The I/O events a {@link LoopChannel} waits for (its interest, given to
 * {@link EventLoop#register(LoopChannel, int)} and {@link EventLoop#modify(LoopChannel, int)}) and is
 * told of in {@link LoopChannel#onReady(int)}, whatever the transport: channel logic is written once,
 * and each {@link Poller} maps these bits to its own. The values are epoll's ({@code EPOLLIN},
 * {@code EPOLLOUT}, {@code EPOLLERR}, {@code EPOLLHUP}), so that the epoll poller passes them through
 * without a translation on the hot path.
 */
public final class IoEvents {

	/** Readable: bytes or an end of stream to read, or a connection to accept. */
	public static final int READ = 0x001;

	/** Writable: room in the send buffer, or a connect that has ended. */
	public static final int WRITE = 0x004;

	/** The socket has a pending error. Reported only, never asked for. */
	public static final int ERROR = 0x008;

	/** The peer hung up. Reported only, never asked for. */
	public static final int HANGUP = 0x010;

	private IoEvents() {
	}

}
