package com.loanflow.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/** Marks a bean that exists only while the sandbox providers are active ({@code loanflow.sandbox.enabled}, default true). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "loanflow.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public @interface ConditionalOnSandbox {
}
