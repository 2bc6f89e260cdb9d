package dev.sockloop.benchmarks.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sockloop.datagram.DatagramServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;

/**
 * UDP echo servers: each datagram answered with the same bytes to its sender. Sockloop's
 * {@link DatagramServer} (epoll, or forced onto NIO, or through the starter's
 * {@code @DatagramHandler} in {@link SpringEchoServer#startUdp}) and Netty 4.2's JNI epoll
 * {@code EpollDatagramChannel}, both set up alike: one socket per loop with {@code SO_REUSEPORT},
 * up to 32 datagrams of at most 2,048 bytes per {@code recvmmsg}, and the replies to a read batch
 * flushed together ({@code sendmmsg} on both).
 */
public final class UdpEchoServers {

	/** Largest datagram either server receives whole, and the size of a receive slot. */
	static final int MAX_DATAGRAM_SIZE = 2048;

	/** Datagrams per {@code recvmmsg}, as Sockloop's batch. */
	static final int BATCH = 32;

	private UdpEchoServers() {
	}

	/**
	 * Whether a transport has a UDP echo here.
	 * @param transport the transport
	 * @return {@code true} for {@code sockloop}, {@code nio-sockloop}, {@code netty} and {@code spring}
	 */
	public static boolean supports(Transport transport) {
		return transport == Transport.SOCKLOOP || transport == Transport.NIO_SOCKLOOP || transport == Transport.NETTY
				|| transport == Transport.SPRING;
	}

	/**
	 * Starts a transport's UDP echo.
	 * @param transport {@code sockloop}, {@code nio-sockloop}, {@code netty} or {@code spring}
	 * @param options port and loops (metrics are not offered)
	 * @return the running server
	 * @throws Exception if it cannot start
	 */
	public static EchoServer start(Transport transport, EchoServerOptions options) throws Exception {
		return switch (transport) {
			case SOCKLOOP -> sockloop(options, null);
			case NIO_SOCKLOOP -> sockloop(options, dev.sockloop.transport.Transport.NIO);
			case NETTY -> netty(options);
			case SPRING -> SpringEchoServer.startUdp(options);
			default -> throw new IllegalArgumentException("No UDP echo for transport '" + transport.cliName()
					+ "'; UDP echoes: sockloop, nio-sockloop, netty, spring");
		};
	}

	private static EchoServer sockloop(EchoServerOptions options, dev.sockloop.transport.Transport transport) {
		DatagramServer server = DatagramServer.builder()
			.name("udp-echo")
			.port(options.port())
			.loops(options.loops())
			.transport(transport)
			.maxDatagramSize(MAX_DATAGRAM_SIZE)
			.handler((datagrams) -> datagrams.map((datagram) -> datagram.reply(datagram.payload())))
			.start();
		return new EchoServer() {

			@Override
			public int port() {
				return server.port();
			}

			@Override
			public void close() {
				server.stop(java.time.Duration.ofSeconds(2));
			}

		};
	}

	private static EchoServer netty(EchoServerOptions options) throws InterruptedException {
		Epoll.ensureAvailability();
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.loops(), EpollIoHandler.newFactory());
		List<Channel> channels = new ArrayList<>();
		try {
			Bootstrap bootstrap = new Bootstrap().group(group)
				.channel(EpollDatagramChannel.class)
				.option(EpollChannelOption.SO_REUSEPORT, true)
				// A payload size with a larger receive buffer turns on recvmmsg: up to BATCH per call.
				.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM_SIZE)
				.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM_SIZE * BATCH))
				.handler(NettyUdpEcho.INSTANCE);
			int port = options.port();
			for (int i = 0; i < options.loops(); i++) {
				Channel channel = bootstrap.bind(new InetSocketAddress(port)).sync().channel();
				port = ((InetSocketAddress) channel.localAddress()).getPort();
				channels.add(channel);
			}
			int bound = port;
			return new EchoServer() {

				@Override
				public int port() {
					return bound;
				}

				@Override
				public void close() {
					for (Channel channel : channels) {
						channel.close().awaitUninterruptibly();
					}
					group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
				}

			};
		}
		catch (RuntimeException | InterruptedException ex) {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw ex;
		}
	}

	/** Writes each datagram's buffer back to its sender; flushes once per read batch. */
	@Sharable
	private static final class NettyUdpEcho extends SimpleChannelInboundHandler<DatagramPacket> {

		static final NettyUdpEcho INSTANCE = new NettyUdpEcho();

		NettyUdpEcho() {
			super(false);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
			ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// A datagram socket has no peer to lose; keep serving.
		}

	}

}
