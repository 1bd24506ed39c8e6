/*
 * empty.c - returns at once: measures start-up and exit alone.
 * Exit status 0; prints nothing.
 */
int
main(void)
{
	return 0;
}
