package io.clinicnode.appliance.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * When a browser test fails, keeps a screenshot and the page's text under {@code target/ui-failures/} so the
 * failure can be seen, not guessed. Runs before {@code @AfterEach} closes the browser.
 */
final class FailureScreenshots implements AfterTestExecutionCallback {
    private final Supplier<List<Browser>> browsers;

    FailureScreenshots(Supplier<List<Browser>> browsers) {
        this.browsers = browsers;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        List<Browser> open = browsers.get();
        for (int i = 0; i < open.size(); i++) {
            Browser browser = open.get(i);
            if (browser == null) {
                continue;
            }
            Path file = Path.of("target", "ui-failures", context.getRequiredTestClass().getSimpleName() + "."
                    + context.getRequiredTestMethod().getName() + "." + i + ".png");
            try {
                browser.screenshot(file);
                System.err.println("Screenshot of the failed test: " + file.toAbsolutePath() + " at " + browser.driver().getCurrentUrl());
            } catch (RuntimeException e) {
                System.err.println("No screenshot of the failed test: " + e.getMessage());
            }
        }
    }
}
