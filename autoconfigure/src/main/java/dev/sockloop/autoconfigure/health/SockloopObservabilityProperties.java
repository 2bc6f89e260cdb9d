package dev.sockloop.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for observing Sockloop: meters, health and the blocked-loop detector.
 * Bound under {@code sockloop}, beside the server settings of
 * {@link dev.sockloop.autoconfigure.SockloopProperties}.
 */
@ConfigurationProperties("sockloop")
public class SockloopObservabilityProperties {

	private final Metrics metrics = new Metrics();

	private final Health health = new Health();

	/**
	 * Duration of one event-loop iteration above which a warning with the loop thread's stack
	 * trace is logged: a handler is blocking the loop. Zero or negative disables the detector.
	 */
	private Duration blockedLoopThreshold = Duration.ofSeconds(2);

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Health getHealth() {
		return this.health;
	}

	public Duration getBlockedLoopThreshold() {
		return this.blockedLoopThreshold;
	}

	public void setBlockedLoopThreshold(Duration blockedLoopThreshold) {
		this.blockedLoopThreshold = blockedLoopThreshold;
	}

	/**
	 * Micrometer meters.
	 */
	public static class Metrics {

		/**
		 * Whether Sockloop's meters are bound to the application's MeterRegistry.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * The 'sockloop' health indicator.
	 */
	public static class Health {

		/**
		 * Duration of one event-loop iteration above which the loop is reported stuck and the
		 * 'sockloop' health indicator is DOWN.
		 */
		private Duration stuckThreshold = Duration.ofSeconds(10);

		public Duration getStuckThreshold() {
			return this.stuckThreshold;
		}

		public void setStuckThreshold(Duration stuckThreshold) {
			this.stuckThreshold = stuckThreshold;
		}

	}

}
