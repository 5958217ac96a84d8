package dev.ferry.cli;

/** A class with no @Ferry method, for the error that says so. */
public class NotAnApp {

    public static void main(String[] args) {
    }
}
