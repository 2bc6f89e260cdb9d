package dev.sockloop.internal.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;

import dev.sockloop.internal.connection.LoopConnection;
import dev.sockloop.internal.connection.WriteQueue;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.internal.transport.ConnectionOwner;

/**
 * A connection on the NIO transport: a non-blocking {@link SocketChannel}, read into the loop's
 * direct read buffer and written from its staging buffer, so that the JDK needs no temporary direct
 * buffers of its own.
 */
public final class NioConnection extends LoopConnection implements NioChannel {

	private final SocketChannel channel;

	/**
	 * Wraps a connected channel. Call {@link #start} on the loop thread to run the handler and
	 * register the channel.
	 * @param channel the connected, non-blocking channel
	 * @param loop the loop that owns it
	 * @param owner the server or client it belongs to
	 */
	public NioConnection(SocketChannel channel, EventLoop loop, ConnectionOwner owner) {
		super(-1, owner.nextId(), loop, owner.settings(), owner.stats(loop), owner.stats(), owner.onClosed(),
				localAddress(channel), remoteAddress(channel));
		this.channel = channel;
	}

	/**
	 * The channel, for reading its options.
	 * @return the connected channel
	 */
	public SocketChannel channel() {
		return this.channel;
	}

	@Override
	public SelectableChannel selectableChannel() {
		return this.channel;
	}

	/** Read once, when accepted or connected: the JDK keeps both from then on, no syscall. */
	private static SocketAddress localAddress(SocketChannel channel) {
		try {
			return channel.getLocalAddress();
		}
		catch (IOException ex) {
			return null; // closed already; start takes it from the socket, or leaves it unknown
		}
	}

	private static SocketAddress remoteAddress(SocketChannel channel) {
		try {
			return channel.getRemoteAddress();
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	protected int readSocket(LoopBuffers buffers) throws IOException {
		ByteBuffer read = buffers.read();
		read.clear();
		return this.channel.read(read);
	}

	@Override
	protected long writeSocket(WriteQueue queue, LoopBuffers buffers) throws IOException {
		return queue.writeOnce(this.channel, buffers);
	}

	@Override
	protected IOException socketError() {
		return new IOException("Socket error"); // a selector reports no error events
	}

	@Override
	protected SocketAddress socketLocalAddress() {
		try {
			return this.channel.getLocalAddress();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	protected SocketAddress socketRemoteAddress() {
		try {
			return this.channel.getRemoteAddress();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	protected void closeSocket() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// The channel is released either way.
		}
	}

}
