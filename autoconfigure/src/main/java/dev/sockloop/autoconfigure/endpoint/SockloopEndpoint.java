package dev.sockloop.autoconfigure.endpoint;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.datagram.DatagramServer;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.DatagramStats;
import dev.sockloop.stats.LoopStats;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.stats.WakeupCause;
import dev.sockloop.transport.EventLoopGroup;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} describing Sockloop's running servers and its event loops.
 */
@Endpoint(id = "sockloop")
public class SockloopEndpoint {

	private final EventLoopGroup loopGroup;

	private final SocketServers servers;

	/** {@code null} when the application has no registry of datagram servers. */
	private final DatagramServers datagramServers;

	/**
	 * Creates an endpoint for the given loops and servers.
	 * @param loopGroup the shared loops
	 * @param servers the running servers
	 */
	public SockloopEndpoint(EventLoopGroup loopGroup, SocketServers servers) {
		this(loopGroup, servers, null);
	}

	/**
	 * Creates an endpoint for the given loops, TCP servers and datagram servers.
	 * @param loopGroup the shared loops
	 * @param servers the running TCP servers
	 * @param datagramServers the running datagram (UDP) servers, or {@code null}
	 */
	public SockloopEndpoint(EventLoopGroup loopGroup, SocketServers servers, DatagramServers datagramServers) {
		this.loopGroup = loopGroup;
		this.servers = servers;
		this.datagramServers = datagramServers;
	}

	private static String address(SocketServer server) {
		InetSocketAddress address = server.localAddress();
		return (address != null) ? address.getAddress().getHostAddress() : String.valueOf(server.boundAddress());
	}

	/**
	 * Describes the servers and the loops.
	 * @return the description
	 */
	@ReadOperation
	public SockloopDescriptor sockloop() {
		List<ServerDescriptor> servers = new ArrayList<>();
		for (SocketServer server : this.servers.asMap().values()) {
			ServerStats stats = server.stats();
			servers.add(new ServerDescriptor(server.name(), address(server), server.port(),
					this.servers.codec(server.name()), server.isRunning(), server.state().tagValue(),
					stats.connectionsActive(), stats.connectionsOpened(), stats.bytesReceived(), stats.bytesSent()));
		}
		List<LoopDescriptor> loops = new ArrayList<>();
		for (EventLoop loop : this.loopGroup.loops()) {
			LoopStats stats = loop.stats();
			Map<String, Long> wakeups = new LinkedHashMap<>();
			for (WakeupCause cause : WakeupCause.values()) {
				wakeups.put(cause.tagValue(), stats.wakeups(cause));
			}
			loops.add(new LoopDescriptor(loop.index(), loop.threadName(), loop.isAlive(), stats.fdsActive(), wakeups,
					stats.iterations(), stats.lastIterationNanos(), stats.maxIterationNanos(), loop.pendingTasks()));
		}
		List<DatagramServerDescriptor> datagramServers = new ArrayList<>();
		if (this.datagramServers != null) {
			for (DatagramServer server : this.datagramServers.asMap().values()) {
				DatagramStats stats = server.stats();
				datagramServers.add(new DatagramServerDescriptor(server.name(),
						server.localAddress().getAddress().getHostAddress(), server.port(), server.isRunning(),
						server.socketCount(), stats.datagramsReceived(), stats.datagramsSent(), stats.bytesReceived(),
						stats.bytesSent(), stats.datagramsDropped(), stats.datagramsTruncated()));
			}
		}
		return new SockloopDescriptor(this.loopGroup.transport().tagValue(), servers, datagramServers, loops);
	}

	/**
	 * Description of Sockloop's servers and loops.
	 * @param transport the transport the loops run on: {@code epoll} or {@code nio}
	 * @param servers the running servers, in start order
	 * @param datagramServers the running datagram (UDP) servers, in start order
	 * @param loops the event loops, in index order
	 */
	public record SockloopDescriptor(String transport, List<ServerDescriptor> servers, List<DatagramServerDescriptor> datagramServers,
			List<LoopDescriptor> loops) implements OperationResponseBody {
	}

	/**
	 * Description of one datagram (UDP) server.
	 * @param name the server name
	 * @param address the bound address
	 * @param port the bound port
	 * @param running whether the server is serving
	 * @param sockets bound sockets (one per loop with SO_REUSEPORT)
	 * @param datagramsReceived datagrams received since start
	 * @param datagramsSent datagrams sent since start
	 * @param bytesReceived payload bytes received since start
	 * @param bytesSent payload bytes sent since start
	 * @param datagramsDropped datagrams dropped before the handler saw them
	 * @param datagramsTruncated datagrams over the maximum size, dropped
	 */
	public record DatagramServerDescriptor(String name, String address, int port, boolean running, int sockets,
			long datagramsReceived, long datagramsSent, long bytesReceived, long bytesSent, long datagramsDropped,
			long datagramsTruncated) {
	}

	/**
	 * Description of one server.
	 * @param name the server name
	 * @param address the bound address
	 * @param port the bound port
	 * @param codec the framing of the server's bytes, or {@code null} if unknown
	 * @param running whether the server runs (it may be paused: see {@code state})
	 * @param state {@code accepting}, {@code draining}, {@code drained} or {@code stopped}
	 * @param connectionsActive open connections
	 * @param connectionsOpened connections accepted since start
	 * @param bytesReceived bytes read since start
	 * @param bytesSent bytes written since start
	 */
	public record ServerDescriptor(String name, String address, int port, String codec, boolean running,
			String state, int connectionsActive, long connectionsOpened, long bytesReceived, long bytesSent) {
	}

	/**
	 * Description of one event loop.
	 * @param index the loop's index in its group
	 * @param thread the loop thread's name
	 * @param alive whether the loop thread runs
	 * @param fdsActive fds registered in the loop's epoll set
	 * @param wakeups returns from epoll_wait since start, by cause
	 * @param iterations iterations since start
	 * @param lastIterationNanos duration of the last iteration
	 * @param maxIterationNanos longest iteration since start
	 * @param pendingTasks tasks handed to the loop and not yet run
	 */
	public record LoopDescriptor(int index, String thread, boolean alive, int fdsActive, Map<String, Long> wakeups,
			long iterations, long lastIterationNanos, long maxIterationNanos, int pendingTasks) {
	}

}
