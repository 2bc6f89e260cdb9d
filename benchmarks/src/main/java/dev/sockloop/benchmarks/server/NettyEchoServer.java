package dev.sockloop.benchmarks.server;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * Raw Netty 4.2 echo on the JNI epoll transport: each inbound {@code ByteBuf} is written back
 * as is and flushed once per read batch, the idiomatic fastest Netty echo.
 */
public final class NettyEchoServer implements EchoServer {

	private final EventLoopGroup group;

	private final Channel channel;

	private NettyEchoServer(EventLoopGroup group, Channel channel) {
		this.group = group;
		this.channel = channel;
	}

	/**
	 * Starts the server.
	 * @param options port and loops
	 * @return the running server
	 * @throws InterruptedException if interrupted while binding
	 */
	public static EchoServer start(EchoServerOptions options) throws InterruptedException {
		Epoll.ensureAvailability();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.loops(), EpollIoHandler.newFactory());
		try {
			Channel channel = new ServerBootstrap().group(group)
				.channel(EpollServerSocketChannel.class)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.option(ChannelOption.SO_REUSEADDR, true)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(EchoHandler.INSTANCE)
				.bind(new InetSocketAddress(options.port()))
				.sync()
				.channel();
			return new NettyEchoServer(group, channel);
		}
		catch (RuntimeException | InterruptedException ex) {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw ex;
		}
	}

	@Override
	public int port() {
		return ((InetSocketAddress) this.channel.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.channel.close().awaitUninterruptibly();
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
	}

	@Sharable
	private static final class EchoHandler extends ChannelInboundHandlerAdapter {

		static final EchoHandler INSTANCE = new EchoHandler();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ctx.write(msg, ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// Resets from clients that stop mid-run are expected; just drop the connection.
			ctx.close();
		}

	}

}
