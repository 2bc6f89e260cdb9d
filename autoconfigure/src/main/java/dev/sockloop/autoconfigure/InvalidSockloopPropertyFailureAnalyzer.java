package dev.sockloop.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a Sockloop property set out of range, naming the property to correct.
 */
class InvalidSockloopPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSockloopPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSockloopPropertyException cause) {
		return new FailureAnalysis("Invalid Sockloop configuration: " + cause.getMessage() + ".",
				"Correct '" + cause.getProperty() + "' (see docs/properties.md for its range and default).", cause);
	}

}
