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
				"Run the application on Linux (x86_64 or aarch64), or set 'sockloop.enabled=false' to start "
						+ "it without Sockloop servers.",
				cause);
	}

}
