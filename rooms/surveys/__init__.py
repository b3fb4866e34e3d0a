"""Anonymous surveys: staff compose, people answer once without their account being stored."""
