package io.tekil.core.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestRuleNames {
    private static final Set<String> EVENTS = Set.of("Order Completed", "Product Viewed", "Product Added", "Checkout");
    private static final Set<String> TRAITS = Set.of("city", "birthday", "income", "address");

    @Test
    void unknownNamesGetTheNearestSeenName() {
        Rule rule = RuleParser.parse("did \"Order Complted\" and not did \"Product Viewed\" after last \"product added\" and citty = \"İzmir\" "
                + "and age(birthdate) > 30 and address.city = \"Ankara\" and @rfm_score > 3 and did \"Wishlist Shared\"");
        assertThat(RuleNames.check(rule, EVENTS, TRAITS)).extracting(RuleNames.Unknown::message).containsExactly(
                "no event named 'Order Complted' has been seen yet; did you mean 'Order Completed'?",
                "no event named 'product added' has been seen yet; did you mean 'Product Added'?",
                "no event named 'Wishlist Shared' has been seen yet",
                "no trait named 'citty' has been seen yet; did you mean 'city'?",
                "no trait named 'birthdate' has been seen yet; did you mean 'birthday'?");
    }

    @Test
    void knownNamesPass() {
        assertThat(RuleNames.check(RuleParser.parse("did page \"Checkout\" and city exists"), EVENTS, TRAITS)).isEmpty();
        assertThat(RuleNames.check(RuleParser.parse("did \"X\""), List.of(), List.of())).extracting(RuleNames.Unknown::suggestion).containsOnlyNulls();
    }
}
