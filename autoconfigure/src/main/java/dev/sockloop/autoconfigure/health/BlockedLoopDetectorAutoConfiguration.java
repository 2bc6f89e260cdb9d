package dev.sockloop.autoconfigure.health;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.autoconfigure.SockloopProperties;
import dev.sockloop.transport.EventLoopGroup;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link BlockedLoopDetector}, which
 * logs the stack trace of a loop thread that a handler blocks. Needs no Actuator.
 */
@AutoConfiguration(after = SockloopAutoConfiguration.class)
@ConditionalOnClass(EventLoopGroup.class)
@ConditionalOnBean(EventLoopGroup.class)
@EnableConfigurationProperties(SockloopProperties.class)
public final class BlockedLoopDetectorAutoConfiguration {

	/**
	 * The detector, started and stopped with the context; idle when the threshold is not positive.
	 * @param loopGroup the shared loops
	 * @param properties the Sockloop properties
	 * @return the detector
	 */
	@Bean
	@ConditionalOnMissingBean
	public BlockedLoopDetector sockloopBlockedLoopDetector(EventLoopGroup loopGroup,
			SockloopProperties properties) {
		return new BlockedLoopDetector(loopGroup, properties.getBlockedLoopThreshold());
	}

}
