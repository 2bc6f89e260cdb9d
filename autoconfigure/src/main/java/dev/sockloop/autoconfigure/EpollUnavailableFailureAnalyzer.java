package dev.sockloop.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up that failed because native epoll is unavailable.
 */
class EpollUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<EpollUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EpollUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set 'sockloop.transport=nio' to run on the JDK's portable NIO transport (or "
						+ "'sockloop.transport=auto' to use epoll where it works and NIO elsewhere); or run the "
						+ "application on Linux (x86_64 or aarch64); or set 'sockloop.enabled=false' to start it "
						+ "without Sockloop servers.",
				cause);
	}

}
