package dev.sockloop.transport.nio;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import dev.sockloop.loop.EventLoop;
import dev.sockloop.stats.AcceptError;

/**
 * A listening {@link ServerSocketChannel} on a NIO loop. Accepts until none is pending (bounded per
 * event), sets the TCP options on each new channel (NIO offers no inheritance from the listener) and
 * hands it to its server.
 *
 * <p>When {@code accept} fails (out of fds, typically) the pending connection stays queued and the
 * selector would report it again at once, so the listener stops listening for a short while. The
 * epoll listener's spare-fd trick, which lets the client see a clean close, needs raw fds.
 */
final class NioServerListener extends Listener {

	private final ServerSocketChannel channel;

	private final boolean tcp;

	NioServerListener(ServerSocketChannel channel, SocketServer server, EventLoop loop, boolean tcp) {
		super(channel, server, loop);
		this.channel = channel;
		this.tcp = tcp;
	}

	@Override
	protected void onReady(int readyEvents) {
		for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
			SocketChannel accepted;
			try {
				accepted = this.channel.accept();
			}
			catch (IOException ex) {
				acceptFailed(ex);
				return;
			}
			if (accepted == null) {
				return;
			}
			try {
				accepted.configureBlocking(false);
				if (this.tcp) {
					accepted.setOption(StandardSocketOptions.TCP_NODELAY, this.server.config().tcpNoDelay());
					accepted.setOption(StandardSocketOptions.SO_KEEPALIVE, this.server.config().keepAlive());
				}
			}
			catch (IOException ex) {
				// The peer is already gone (reset before we got to it): nothing to serve.
				closeQuietly(accepted);
				continue;
			}
			this.server.accepted(accepted, this.loop);
		}
	}

	private void acceptFailed(IOException failure) {
		String message = String.valueOf(failure.getMessage());
		AcceptError error = message.contains("Too many open files") ? AcceptError.EMFILE
				: message.contains("file table") ? AcceptError.ENFILE : AcceptError.OTHER;
		this.stats.acceptFailed(error);
		this.server.acceptWarning("Server '" + this.server.name() + "' failed to accept: " + message
				+ "; pausing accepts for " + TimeUnit.NANOSECONDS.toMillis(PAUSE_NANOS) + " ms");
		pause();
	}

	@Override
	void releaseSockets() {
		closeQuietly(this.channel);
	}

	static void closeQuietly(java.nio.channels.Channel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Released either way.
		}
	}

}
