package dev.sockloop.transport.nio;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import dev.sockloop.loop.EventLoop;

/**
 * A non-blocking {@link SocketChannel#connect} on a NIO loop: the selector reports
 * {@code OP_CONNECT} when the handshake ends, and {@link SocketChannel#finishConnect()} tells whether
 * it succeeded.
 */
final class NioPendingConnect extends PendingConnect {

	private final SocketChannel channel;

	private final Consumer<SocketChannel> onConnected;

	NioPendingConnect(SocketChannel channel, EventLoop loop, SocketAddress address,
			Consumer<SocketChannel> onConnected, Consumer<Throwable> onFailed) {
		super(channel, loop, address, onFailed);
		this.channel = channel;
		this.onConnected = onConnected;
	}

	@Override
	protected void onReady(int readyEvents) {
		try {
			if (!this.channel.finishConnect()) {
				return;
			}
		}
		catch (IOException ex) {
			fail(SocketClient.connectFailure(this.address, ex));
			return;
		}
		if (connected()) {
			this.onConnected.accept(this.channel);
		}
	}

	@Override
	void releaseSocket() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Released either way.
		}
	}

}
