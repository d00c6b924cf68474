package dev.stowage.s3;

import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips, with the reason written out, the contract tests a test server fails by a fault of its own that real
 * S3 does not have (see {@link S3ContractSuite#serverQuirks()}); the other server runs them. Never used for
 * the backend's own failures.
 */
final class ServerQuirks implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("not a test method");
        }
        Map<String, String> quirks = context.getTestInstances()
                .flatMap(instances -> instances.findInstance(S3ContractSuite.class))
                .map(S3ContractSuite::serverQuirks).orElse(Map.of());
        String reason = quirks.get(context.getRequiredTestMethod().getName());
        return reason == null ? ConditionEvaluationResult.enabled("no known server fault")
                : ConditionEvaluationResult.disabled(reason);
    }
}
