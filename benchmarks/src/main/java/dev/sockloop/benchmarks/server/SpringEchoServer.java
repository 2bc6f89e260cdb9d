package dev.sockloop.benchmarks.server;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.spring.DatagramHandler;
import dev.sockloop.spring.DatagramServerStartedEvent;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServerStartedEvent;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Echo on Sockloop's starter inside a minimal Spring Boot application: one {@link SocketHandler}
 * bean, {@code Flux<ByteBuffer> handle(Flux<ByteBuffer> in) { return in; }}, configured through
 * {@code sockloop.*} properties, as an application would be.
 *
 * <p>Actuator's metrics auto-configuration and a Prometheus registry are always on the class path;
 * {@link EchoServerOptions#metrics()} switches only {@code sockloop.metrics.enabled}, so that
 * scenario G prices exactly Sockloop's meters.
 */
public final class SpringEchoServer implements EchoServer {

	private final ConfigurableApplicationContext context;

	private final int port;

	private SpringEchoServer(ConfigurableApplicationContext context, int port) {
		this.context = context;
		this.port = port;
	}

	/**
	 * Starts the application and waits for its echo server to listen.
	 * @param options port, loops and whether Sockloop's meters are bound
	 * @return the running server
	 * @throws Exception if the application fails to start
	 */
	public static EchoServer start(EchoServerOptions options) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("sockloop.loops", options.loops());
		properties.put("sockloop.servers.echo.port", options.port());
		properties.put("sockloop.servers.echo.address", "0.0.0.0");
		properties.put("sockloop.metrics.enabled", options.metrics());
		CompletableFuture<Integer> started = new CompletableFuture<>();
		return run(EchoApplication.class, properties,
				(ApplicationListener<SocketServerStartedEvent>) (event) -> {
					if ("echo".equals(event.getServerName())) {
						started.complete(event.getPort());
					}
				}, started);
	}

	/**
	 * Starts an application whose one {@link DatagramHandler} answers each datagram with its bytes
	 * ({@code Datagram echo(Datagram d) { return d.reply(d.payload()); }}), and waits for it to bind.
	 * @param options port and loops (metrics as for TCP)
	 * @return the running server
	 * @throws Exception if the application fails to start
	 */
	public static EchoServer startUdp(EchoServerOptions options) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("sockloop.loops", options.loops());
		properties.put("sockloop.datagram.echo.port", options.port());
		properties.put("sockloop.datagram.echo.max-datagram-size", UdpEchoServers.MAX_DATAGRAM_SIZE);
		properties.put("sockloop.metrics.enabled", options.metrics());
		CompletableFuture<Integer> started = new CompletableFuture<>();
		return run(UdpEchoApplication.class, properties,
				(ApplicationListener<DatagramServerStartedEvent>) (event) -> started.complete(event.getServer().port()),
				started);
	}

	/**
	 * Runs a quiet application (no web server, no banner) and waits for its server to be up.
	 * @param application the application class
	 * @param properties its default properties
	 * @param startListener completes {@code started} with the port
	 * @param started the port, once the server is up
	 * @return the running server
	 * @throws Exception if the application fails to start
	 */
	private static EchoServer run(Class<?> application, Map<String, Object> properties,
			ApplicationListener<?> startListener, CompletableFuture<Integer> started) throws Exception {
		// Boot's own logging system would configure Logback or JUL; the benchmarks log through
		// slf4j-simple, quietly, like the other transports.
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
			System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
		}
		SpringApplication springApplication = new SpringApplication(application);
		springApplication.setWebApplicationType(WebApplicationType.NONE);
		springApplication.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		springApplication.setLogStartupInfo(false);
		springApplication.setDefaultProperties(properties);
		springApplication.addListeners(startListener);
		ConfigurableApplicationContext context = springApplication.run();
		try {
			return new SpringEchoServer(context, started.get(30, TimeUnit.SECONDS));
		}
		catch (Exception ex) {
			context.close();
			throw ex;
		}
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.context.close();
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * The application: auto-configuration and the echo handler, nothing scanned.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EchoApplication {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

	/**
	 * The UDP application: auto-configuration and the datagram echo handler, nothing scanned.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class UdpEchoApplication {

		@Bean
		UdpEchoHandler udpEchoHandler() {
			return new UdpEchoHandler();
		}

	}

	/**
	 * The handler of datagram server {@code echo}.
	 */
	@DatagramHandler(name = "echo")
	public static final class UdpEchoHandler {

		/**
		 * Answers a datagram with its bytes.
		 * @param datagram the datagram
		 * @return the reply to its sender
		 */
		public Datagram echo(Datagram datagram) {
			return datagram.reply(datagram.payload());
		}

	}

	/**
	 * The handler of server {@code echo}.
	 */
	@SocketHandler(name = "echo")
	public static final class EchoHandler {

		/**
		 * Echoes every inbound buffer.
		 * @param in the inbound bytes
		 * @return the same bytes
		 */
		public Flux<ByteBuffer> handle(Flux<ByteBuffer> in) {
			return in;
		}

	}

}
