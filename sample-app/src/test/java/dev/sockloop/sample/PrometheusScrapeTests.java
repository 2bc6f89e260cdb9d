package dev.sockloop.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.sockloop.test.SocketTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application scraped over HTTP as Prometheus would: every metric the Grafana dashboard
 * queries is in the scrape, so that every panel has data.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sockloop.servers.echo.port=0", "sockloop.servers.upper.port=0",
				"sockloop.servers.frames.port=0", "sockloop.servers.kv.port=0", "sockloop.defaults.address=127.0.0.1",
				"sockloop.datagram.echo.port=0", "sockloop.datagram.echo.address=127.0.0.1" })
class PrometheusScrapeTests {

	private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "sockloop-dashboard.json");

	private static final Pattern METRIC_NAME = Pattern.compile("sockloop_[a-z_]+");

	@Autowired
	private Environment environment;

	@LocalServerPort
	private int httpPort;

	@Test
	void scrapeShouldContainEveryMetricTheDashboardQueries() throws Exception {
		exchangeWithEchoServer();
		Set<String> scraped = metricNames(get("/actuator/prometheus"));
		Set<String> queried = dashboardMetricNames();
		assertThat(queried).as("metrics named in the dashboard").isNotEmpty();
		assertThat(scraped).as("metrics in the scrape").containsAll(queried);
	}

	@Test
	void scrapeShouldCarryTheApplicationTagAndLatencyBuckets() throws Exception {
		exchangeWithEchoServer();
		String scrape = get("/actuator/prometheus");
		assertThat(scrape).contains("sockloop_connections_active{application=\"sockloop-sample\",server=\"echo\"}")
			.containsPattern("sockloop_loop_latency_seconds_bucket\\{application=\"sockloop-sample\",loop=\"0\",le=\"[0-9.E-]+\"\\}")
			.contains("sockloop_bytes_received_bytes_total");
	}

	@Test
	void sockloopEndpointAndHealthShouldBeExposed() throws Exception {
		String endpoint = get("/actuator/sockloop");
		List<String> servers = JsonPath.read(endpoint, "$.servers[*].name");
		assertThat(servers).containsExactlyInAnyOrder("echo", "upper", "frames", "kv");
		assertThat(JsonPath.<List<String>>read(endpoint, "$.servers[?(@.name == 'upper')].codec")).containsExactly("line");
		assertThat(JsonPath.<List<Object>>read(endpoint, "$.loops[*].wakeups.io")).isNotEmpty();
		String health = get("/actuator/health/sockloop");
		assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
		assertThat(JsonPath.<String>read(health, "$.details.servers.echo.status")).isEqualTo("running");
		assertThat(JsonPath.<List<String>>read(endpoint, "$.datagramServers[*].name")).containsExactly("echo");
		assertThat(JsonPath.<String>read(health, "$.details.datagramServers.echo.status")).isEqualTo("running");
	}

	private void exchangeWithEchoServer() {
		try (SocketTestClient client = SocketTestClient.connect(this.environment, "echo")
			.timeout(Duration.ofSeconds(10))) {
			assertThat(client.send(new byte[1024]).receive(1024)).hasSize(1024);
		}
	}

	private static Set<String> dashboardMetricNames() throws IOException {
		List<String> expressions = JsonPath.read(Files.readString(DASHBOARD), "$..expr");
		Set<String> names = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = METRIC_NAME.matcher(expression);
			while (matcher.find()) {
				names.add(matcher.group());
			}
		}
		return names;
	}

	private static Set<String> metricNames(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.isEmpty() && !line.startsWith("#")) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
		return response.body();
	}

}
