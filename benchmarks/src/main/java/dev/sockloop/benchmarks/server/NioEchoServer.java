package dev.sockloop.benchmarks.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plain java.nio echo: one selector per loop; loop 0 also accepts and deals connections out
 * round-robin. The baseline that shows what the JDK alone achieves.
 */
public final class NioEchoServer implements EchoServer {

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final ServerSocketChannel listener;

	private final SelectorLoop[] loops;

	private NioEchoServer(ServerSocketChannel listener, SelectorLoop[] loops) {
		this.listener = listener;
		this.loops = loops;
	}

	/**
	 * Starts the server.
	 * @param options port and loops
	 * @return the running server
	 * @throws IOException if it cannot bind
	 */
	public static EchoServer start(EchoServerOptions options) throws IOException {
		ServerSocketChannel listener = ServerSocketChannel.open();
		listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		listener.bind(new InetSocketAddress(options.port()), 1024);
		listener.configureBlocking(false);
		SelectorLoop[] loops = new SelectorLoop[Math.max(1, options.loops())];
		for (int i = 0; i < loops.length; i++) {
			loops[i] = new SelectorLoop(i, loops);
		}
		listener.register(loops[0].selector, SelectionKey.OP_ACCEPT);
		for (SelectorLoop loop : loops) {
			loop.thread.start();
		}
		return new NioEchoServer(listener, loops);
	}

	@Override
	public int port() {
		return this.listener.socket().getLocalPort();
	}

	@Override
	public void close() {
		for (SelectorLoop loop : this.loops) {
			loop.stop();
		}
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One selector and its thread.
	 */
	private static final class SelectorLoop implements Runnable {

		private final Selector selector;

		private final SelectorLoop[] all;

		private final Thread thread;

		private final Queue<SocketChannel> handedOver = new ConcurrentLinkedQueue<>();

		private final AtomicInteger nextLoop = new AtomicInteger();

		private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);

		private volatile boolean running = true;

		SelectorLoop(int index, SelectorLoop[] all) throws IOException {
			this.selector = Selector.open();
			this.all = all;
			this.thread = new Thread(this, "nio-echo-" + index);
			this.thread.setDaemon(true);
		}

		@Override
		public void run() {
			try {
				while (this.running) {
					this.selector.select();
					registerHandedOver();
					Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
					while (keys.hasNext()) {
						SelectionKey key = keys.next();
						keys.remove();
						if (!key.isValid()) {
							continue;
						}
						if (key.isAcceptable()) {
							accept((ServerSocketChannel) key.channel());
						}
						else {
							serve(key);
						}
					}
				}
			}
			catch (IOException | ClosedSelectorException ex) {
				if (this.running) {
					ex.printStackTrace();
				}
			}
		}

		private void accept(ServerSocketChannel listener) throws IOException {
			SocketChannel channel;
			while ((channel = listener.accept()) != null) {
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				SelectorLoop target = this.all[Math.floorMod(this.nextLoop.getAndIncrement(), this.all.length)];
				if (target == this) {
					channel.register(this.selector, SelectionKey.OP_READ);
				}
				else {
					target.handedOver.add(channel);
					target.selector.wakeup();
				}
			}
		}

		private void registerHandedOver() throws IOException {
			SocketChannel channel;
			while ((channel = this.handedOver.poll()) != null) {
				channel.register(this.selector, SelectionKey.OP_READ);
			}
		}

		private void serve(SelectionKey key) {
			SocketChannel channel = (SocketChannel) key.channel();
			try {
				ByteBuffer pending = (ByteBuffer) key.attachment();
				if (pending != null) {
					// Writable again: finish the backlog before reading more, so memory stays bounded.
					channel.write(pending);
					if (pending.hasRemaining()) {
						return;
					}
					key.attach(null);
					key.interestOps(SelectionKey.OP_READ);
					return;
				}
				ByteBuffer buffer = this.readBuffer;
				buffer.clear();
				int read = channel.read(buffer);
				if (read < 0) {
					channel.close();
					return;
				}
				buffer.flip();
				channel.write(buffer);
				if (buffer.hasRemaining()) {
					ByteBuffer rest = ByteBuffer.allocate(buffer.remaining());
					rest.put(buffer).flip();
					key.attach(rest);
					key.interestOps(SelectionKey.OP_WRITE);
				}
			}
			catch (IOException ex) {
				key.cancel();
				try {
					channel.close();
				}
				catch (IOException ignored) {
					// Already failing; nothing more to release.
				}
			}
		}

		void stop() {
			this.running = false;
			this.selector.wakeup();
			try {
				this.thread.join(2000);
				for (SelectionKey key : this.selector.keys()) {
					key.channel().close();
				}
				this.selector.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
