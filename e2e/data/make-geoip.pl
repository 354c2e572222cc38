#!/usr/bin/perl
# Write GeoLite2-format City, Country and ASN databases from a TAB-separated
# fixture table (geoip-ranges.tsv). Called by make-geoip.sh.
#
# usage: make-geoip.pl TABLE OUTDIR
#
# The record layout and value types follow MaxMind's GeoLite2 databases, so
# the Rust maxminddb crate's geoip2::{City,Country,Asn} decode them. The
# build epoch is fixed (SOURCE_DATE_EPOCH, default below) and the writer
# sorts map keys, so the same table gives the same bytes.
use strict;
use warnings;

use MaxMind::DB::Writer::Tree;

my $DEFAULT_EPOCH = 1767225600;    # 2026-01-01T00:00:00Z

my %TYPES = (
	accuracy_radius                => 'uint16',
	autonomous_system_number       => 'uint32',
	autonomous_system_organization => 'utf8_string',
	city                           => 'map',
	code                           => 'utf8_string',
	continent                      => 'map',
	country                        => 'map',
	en                             => 'utf8_string',
	geoname_id                     => 'uint32',
	iso_code                       => 'utf8_string',
	latitude                       => 'double',
	location                       => 'map',
	longitude                      => 'double',
	names                          => 'map',
	postal                         => 'map',
	registered_country             => 'map',
	time_zone                      => 'utf8_string',
);

my @COLUMNS = qw(network iso country continent continent_name continent_id
	country_id city city_id postal latitude longitude time_zone asn as_org);

sub key_type {
	my $key = shift;
	my $t = $TYPES{$key};
	die "make-geoip: no type for key '$key'\n" unless defined $t;
	return $t;
}

sub read_table {
	my $path = shift;
	open(my $fh, '<', $path) or die "make-geoip: cannot open $path: $!\n";
	my @rows;
	while (my $line = <$fh>) {
		chomp $line;
		next if $line =~ /^\s*(#|$)/;
		my @f = split /\t/, $line, -1;
		die "make-geoip: $path:$.: want " . scalar(@COLUMNS) .
			" fields, got " . scalar(@f) . "\n"
			unless @f == @COLUMNS;
		my %row;
		@row{@COLUMNS} = @f;
		die "make-geoip: $path:$.: bad network '$row{network}'\n"
			unless $row{network} =~ m{^\d+\.\d+\.\d+\.\d+/\d+$};
		for my $n (qw(continent_id country_id city_id asn)) {
			die "make-geoip: $path:$.: $n is not a number\n"
				unless $row{$n} =~ /^\d+$/;
		}
		for my $n (qw(latitude longitude)) {
			die "make-geoip: $path:$.: $n is not a number\n"
				unless $row{$n} =~ /^-?\d+(\.\d+)?$/;
		}
		push @rows, \%row;
	}
	close($fh) or die "make-geoip: cannot read $path: $!\n";
	die "make-geoip: $path has no networks\n" unless @rows;
	return @rows;
}

sub country_part {
	my $r = shift;
	my $country = {
		geoname_id => $r->{country_id} + 0,
		iso_code   => $r->{iso},
		names      => { en => $r->{country} },
	};
	return (
		continent => {
			code       => $r->{continent},
			geoname_id => $r->{continent_id} + 0,
			names      => { en => $r->{continent_name} },
		},
		country            => $country,
		registered_country => {%$country},
	);
}

sub city_record {
	my $r = shift;
	return {
		country_part($r),
		city => {
			geoname_id => $r->{city_id} + 0,
			names      => { en => $r->{city} },
		},
		location => {
			accuracy_radius => 50,
			latitude        => $r->{latitude} + 0.0,
			longitude       => $r->{longitude} + 0.0,
			time_zone       => $r->{time_zone},
		},
		postal => { code => $r->{postal} },
	};
}

sub country_record {
	my $r = shift;
	return { country_part($r) };
}

sub asn_record {
	my $r = shift;
	return {
		autonomous_system_number       => $r->{asn} + 0,
		autonomous_system_organization => $r->{as_org},
	};
}

sub write_db {
	my ($path, $type, $desc, $rows, $make) = @_;
	my $tree = MaxMind::DB::Writer::Tree->new(
		ip_version               => 6,
		record_size              => 28,
		database_type            => $type,
		languages                => ['en'],
		description              => { en => $desc },
		alias_ipv6_to_ipv4       => 1,
		# 198.18.0.0/15 is on the writer's reserved list.
		remove_reserved_networks => 0,
		map_key_type_callback    => \&key_type,
	);
	$tree->_set_build_epoch($ENV{SOURCE_DATE_EPOCH} // $DEFAULT_EPOCH);
	$tree->insert_network($_->{network}, $make->($_)) for @$rows;
	my $tmp = "$path.tmp";
	open(my $fh, '>:raw', $tmp) or die "make-geoip: cannot create $tmp: $!\n";
	$tree->write_tree($fh);
	close($fh) or die "make-geoip: cannot write $tmp: $!\n";
	rename($tmp, $path) or die "make-geoip: cannot rename $tmp: $!\n";
}

die "usage: make-geoip.pl TABLE OUTDIR\n" unless @ARGV == 2;
my ($table, $out) = @ARGV;
my @rows = read_table($table);
my $d = 'rustnet e2e fixture (not real GeoIP data)';
write_db("$out/GeoLite2-City.mmdb", 'GeoLite2-City', $d, \@rows,
	\&city_record);
write_db("$out/GeoLite2-Country.mmdb", 'GeoLite2-Country', $d, \@rows,
	\&country_record);
write_db("$out/GeoLite2-ASN.mmdb", 'GeoLite2-ASN', $d, \@rows,
	\&asn_record);
